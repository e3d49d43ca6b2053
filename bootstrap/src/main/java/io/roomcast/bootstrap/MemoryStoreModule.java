package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;

/** Binds the heap store ({@code store=memory}): nothing survives a restart. */
final class MemoryStoreModule extends AbstractModule {
    @Provides
    @Singleton
    MessageStore messageStore(Retention retention, Clock clock) {
        return new InMemoryMessageStore(retention, clock);
    }
}
