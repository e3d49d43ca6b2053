package io.roomcast.bootstrap;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.bootstrap.config.RoomcastConfig;

/**
 * The one place the storage choice is made: exactly one store module per node, which also binds
 * the cluster bus (Redis's, or none: Chronicle and memory are single-node).
 */
final class StorageModules {
    private StorageModules() {
    }

    private static void noBus(Binder binder) {
        binder.bind(ClusterBus.class).toInstance(ClusterBus.none());
    }

    static Module forConfig(RoomcastConfig config) {
        return switch (config.store()) {
            case CHRONICLE -> Modules.combine(new ChronicleStoreModule(config.chronicle()), StorageModules::noBus);
            case REDIS -> new RedisStoreModule(config.redis());
            case MEMORY -> Modules.combine(new MemoryStoreModule(), StorageModules::noBus);
        };
    }
}
