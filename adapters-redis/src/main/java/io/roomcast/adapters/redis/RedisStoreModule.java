package io.roomcast.adapters.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.application.port.out.Retention;
import java.util.Objects;

/**
 * Binds {@link MessageStore} to the Redis store, and {@link ClusterBus} to its sharded pub/sub bus
 * when {@link RedisStoreConfig#bus()} (else to {@link ClusterBus#none()}), and {@link NodeRegistry} to the
 * registry in Redis with the bus (else to {@link NodeRegistry#local()}: nodes that do not share their
 * pushes must not send viewers to each other). Only binds: the connection opens when the store is
 * first provided (the injector needs {@link Retention} and {@link Clock} bound elsewhere), and the
 * lifecycle that asked for it closes it; the same for the bus's own connection. Providing fails fast with {@code STORE_UNAVAILABLE} when
 * Redis cannot be reached.
 */
public final class RedisStoreModule extends AbstractModule {
    private final RedisStoreConfig config;

    public RedisStoreModule(RedisStoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(RedisStoreConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    MessageStore messageStore(RedisStoreConfig config, Retention retention, Clock clock) {
        return RedisMessageStore.connect(config, retention, clock);
    }

    @Provides
    @Singleton
    ClusterBus clusterBus(RedisStoreConfig config) {
        return config.bus() ? RedisClusterBus.connect(config) : ClusterBus.none();
    }

    @Provides
    @Singleton
    NodeRegistry nodeRegistry(RedisStoreConfig config, Clock clock) {
        return config.bus() ? RedisNodeRegistry.connect(config, clock) : NodeRegistry.local();
    }
}
