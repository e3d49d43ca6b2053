package io.roomcast.adapters.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import java.util.Objects;

/**
 * Binds {@link RoomCensus} for a node on Redis: the room's viewers on every node when
 * {@link RedisStoreConfig#bus()} (the cluster is on), else this node's own ({@link RoomDirectory}
 * and {@link Clock} are bound elsewhere). Only binds: the census connects, and starts its thread,
 * when first provided, and the lifecycle that asked for it closes it.
 */
public final class RedisCensusModule extends AbstractModule {
    private final RedisStoreConfig config;
    private final String nodeId;

    /** @param nodeId this node's id (its field in each room's count, as in the node registry) */
    public RedisCensusModule(RedisStoreConfig config, String nodeId) {
        this.config = Objects.requireNonNull(config, "config");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    }

    @Provides
    @Singleton
    RoomCensus roomCensus(RoomDirectory directory, Clock clock) {
        return config.bus() ? RedisRoomCensus.start(config, directory, clock, nodeId) : RoomCensus.local(directory);
    }
}
