package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisCensusModule;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.bootstrap.config.RoomcastConfig;

/**
 * The one place the storage choice is made: exactly one store module per node, which also binds
 * the cluster bus, the node registry and the room census (Redis's, or none, this node alone and its
 * own count: Chronicle and memory are single-node).
 */
final class StorageModules {
    private StorageModules() {
    }

    /** A node alone: no bus, a registry of itself, and the room census is its own directory. */
    private static final class SingleNode extends AbstractModule {
        @Override
        protected void configure() {
            bind(ClusterBus.class).toInstance(ClusterBus.none());
            bind(NodeRegistry.class).toInstance(NodeRegistry.local());
        }

        @Provides
        @Singleton
        RoomCensus roomCensus(RoomDirectory directory) {
            return RoomCensus.local(directory);
        }
    }

    static Module forConfig(RoomcastConfig config) {
        return switch (config.store()) {
            case CHRONICLE -> Modules.combine(new ChronicleStoreModule(config.chronicle()), new SingleNode());
            case REDIS -> Modules.combine(new RedisStoreModule(config.redis()), new RedisCensusModule(config.redis(), config.nodeId()));
            case MEMORY -> Modules.combine(new MemoryStoreModule(), new SingleNode());
        };
    }
}
