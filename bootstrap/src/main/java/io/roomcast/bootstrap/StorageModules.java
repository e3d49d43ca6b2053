package io.roomcast.bootstrap;

import com.google.inject.Module;
import io.roomcast.adapters.chronicle.ChronicleStoreConfig;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisStoreConfig;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.bootstrap.config.RoomcastConfig;
import java.time.Duration;

/** The one place the storage choice is made: exactly one store module per node. */
final class StorageModules {
    private StorageModules() {
    }

    static Module forConfig(RoomcastConfig config) {
        return switch (config.store()) {
            case CHRONICLE -> new ChronicleStoreModule(
                    ChronicleStoreConfig.in(config.dataDir()).withRetention(config.retention()));
            case REDIS -> new RedisStoreModule(RedisStoreConfig.defaults()
                    .withUrl(config.redisUrl())
                    .withCommandTimeout(Duration.ofMillis(config.redisTimeoutMillis())));
            case MEMORY -> new MemoryStoreModule();
        };
    }
}
