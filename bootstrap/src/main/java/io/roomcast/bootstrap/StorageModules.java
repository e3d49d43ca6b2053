package io.roomcast.bootstrap;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.bootstrap.config.RoomcastConfig;

/**
 * The one place the storage choice is made: exactly one store module per node, which also binds
 * the cluster bus and the node registry (Redis's, or none and this node alone: Chronicle and memory
 * are single-node).
 */
final class StorageModules {
    private StorageModules() {
    }

    private static void singleNode(Binder binder) {
        binder.bind(ClusterBus.class).toInstance(ClusterBus.none());
        binder.bind(NodeRegistry.class).toInstance(NodeRegistry.local());
    }

    static Module forConfig(RoomcastConfig config) {
        return switch (config.store()) {
            case CHRONICLE -> Modules.combine(new ChronicleStoreModule(config.chronicle()), StorageModules::singleNode);
            case REDIS -> new RedisStoreModule(config.redis());
            case MEMORY -> Modules.combine(new MemoryStoreModule(), StorageModules::singleNode);
        };
    }
}
