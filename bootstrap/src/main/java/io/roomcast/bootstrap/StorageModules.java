package io.roomcast.bootstrap;

import com.google.inject.Module;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.bootstrap.config.RoomcastConfig;

/** The one place the storage choice is made: exactly one store module per node. */
final class StorageModules {
    private StorageModules() {
    }

    static Module forConfig(RoomcastConfig config) {
        return switch (config.store()) {
            case CHRONICLE -> new ChronicleStoreModule(config.chronicle());
            case REDIS -> new RedisStoreModule(config.redis());
            case MEMORY -> new MemoryStoreModule();
        };
    }
}
