package io.roomcast.adapters.memory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.RoomDirectory;

/** Binds {@link RoomDirectory} to this node's {@link InMemoryRoomDirectory}, one per injector. Opens nothing. */
public final class MemoryModule extends AbstractModule {

    @Provides
    @Singleton
    RoomDirectory roomDirectory() {
        return new InMemoryRoomDirectory();
    }
}
