package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.domain.error.RoomcastException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node registry in Redis: one hash, {@code live::{#cluster}::nodes} (one slot, so a Redis
 * Cluster serves it too), written and read by {@code registry.lua} in one call per heartbeat. An
 * entry lives {@link NodeRegistry#TTL_HEARTBEATS} heartbeats past its last renewal, judged by
 * Redis {@code TIME}. It has its own connection, so a heartbeat never waits behind the store's
 * traffic. When Redis cannot be reached the last snapshot is kept for one entry lifetime, then only
 * this node is left in it. Thread-safe.
 */
final class RedisNodeRegistry implements NodeRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeRegistry.class);
    private static final LuaScript SCRIPT = LuaScript.named("registry.lua");
    private static final byte[][] KEYS = {RedisKeys.bytes(RedisKeys.NODES)};
    private static final long TTL_MILLIS = HEARTBEAT_MILLIS * TTL_HEARTBEATS;

    private final RedisConnection redis;
    private final Clock clock;
    private volatile List<NodeInfo> live = List.of();
    private volatile NodeInfo self;
    private volatile long readAt;

    private RedisNodeRegistry(RedisConnection redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Connects (its own connection) and loads the script; fails with {@code STORE_UNAVAILABLE} when Redis is unreachable. */
    static RedisNodeRegistry connect(RedisStoreConfig config, Clock clock) {
        return new RedisNodeRegistry(RedisConnection.open(config, SCRIPT::load), clock);
    }

    @Override
    public void heartbeat(NodeInfo node) {
        self = node;
        try {
            live = nodes(run(node, false));
            readAt = clock.millis();
        } catch (RoomcastException e) {
            if (clock.millis() - readAt > TTL_MILLIS) {
                // Whoever was alive then may be gone by now; this node at least is not.
                live = List.of(node);
            }
            throw e;
        }
    }

    @Override
    public List<NodeInfo> live() {
        return live;
    }

    @Override
    public void leave() {
        NodeInfo node = self;
        if (node != null) {
            run(node, true);
            live = List.of();
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private List<Object> run(NodeInfo node, boolean leave) {
        byte[] id = node.id().getBytes(StandardCharsets.UTF_8);
        byte[] entry = NodeEntries.json(node).getBytes(StandardCharsets.UTF_8);
        byte[] ttl = Long.toString(TTL_MILLIS).getBytes(StandardCharsets.US_ASCII);
        byte[] mode = (leave ? "1" : "0").getBytes(StandardCharsets.US_ASCII);
        return redis.call(leave ? "leave the node registry" : "heartbeat",
                r -> SCRIPT.run(r, KEYS, id, entry, ttl, mode));
    }

    private static List<NodeInfo> nodes(List<Object> values) {
        List<NodeInfo> nodes = new ArrayList<>(values.size());
        for (Object value : values) {
            String text = new String((byte[]) value, StandardCharsets.UTF_8);
            try {
                nodes.add(NodeEntries.parse(text.substring(text.indexOf(' ') + 1)));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipped a node registry entry that is not one: {}", e.getMessage());
            }
        }
        return nodes;
    }
}
