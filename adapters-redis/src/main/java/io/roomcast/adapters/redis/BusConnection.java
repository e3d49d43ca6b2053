package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus's own pub/sub connection and what happens on it, for {@link RedisClusterBus}: to one
 * Redis, one connection; to a Redis Cluster, Lettuce's cluster pub/sub connection, which sends each
 * {@code SSUBSCRIBE} (one channel per call: several slots in one would be {@code CROSSSLOT}) to a
 * connection of its own to the master of the channel's slot.
 *
 * <p>It tells {@link Events} which node a confirmation came from and which node a connection that
 * went down or came up belongs to ({@code host:port}), so that a cluster node's reconnect marks only
 * the channels subscribed on that node as lost; on one Redis, and whenever the node is not known,
 * every channel. Only pub/sub connections count: the cluster client's topology connections come and
 * go on their own. Thread-safe.
 */
final class BusConnection implements AutoCloseable {
    /** The least time between two topology refreshes this class asks for. */
    private static final long REFRESH_GAP_MILLIS = 1_000;

    /** What the connection reports, on Lettuce's event loop: implementations must not block. */
    interface Events {
        void received(String channel, byte[] payload);

        /** Redis confirmed the subscription of {@code channel} on {@code node} ({@code host:port}; empty when not known). */
        void confirmed(String channel, Optional<String> node);

        /** Redis unsubscribed {@code channel} (asked for, or because its slot moved). */
        void dropped(String channel);

        /** A pub/sub connection to {@code node} (empty: to whichever, or to the one Redis) went down or came up. */
        void lost(Optional<String> node, String what);
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final Map<RedisChannelHandler<?, ?>, String> nodes = new ConcurrentHashMap<>();
    private final AtomicLong refreshedAt = new AtomicLong();

    private BusConnection(ClientResources resources, AbstractRedisClient client, Events events) {
        this.resources = resources;
        this.client = client;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler instanceof StatefulRedisPubSubConnection) {
                    Optional<String> node = node(address);
                    node.ifPresent(n -> nodes.put(handler, n));
                    events.lost(node, "reconnected");
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler instanceof StatefulRedisPubSubConnection) {
                    events.lost(Optional.ofNullable(nodes.get(handler)), "disconnected");
                }
            }
        });
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterPubSubConnection<byte[], byte[]> c = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
            c.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, byte[] channel, byte[] payload) {
                    events.received(text(channel), payload);
                }

                @Override
                public void ssubscribed(RedisClusterNode node, byte[] channel, long count) {
                    events.confirmed(text(channel), node(node));
                }

                @Override
                public void sunsubscribed(RedisClusterNode node, byte[] channel, long count) {
                    events.dropped(text(channel));
                }
            });
            this.connection = c;
        } else {
            this.connection = ((RedisClient) client).connectPubSub(ByteArrayCodec.INSTANCE);
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(byte[] channel, byte[] payload) {
                    events.received(text(channel), payload);
                }

                @Override
                public void ssubscribed(byte[] channel, long count) {
                    events.confirmed(text(channel), Optional.empty());
                }

                @Override
                public void sunsubscribed(byte[] channel, long count) {
                    events.dropped(text(channel));
                }
            });
        }
    }

    /**
     * Connects to what {@code config} names (one Redis or a cluster: {@link RedisClients}).
     *
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    static BusConnection open(RedisStoreConfig config, Events events) {
        ClientResources resources = RedisClients.resources(config);
        AbstractRedisClient client = null;
        try {
            client = RedisClients.client(config, resources);
            return new BusConnection(resources, client, events);
        } catch (RuntimeException e) {
            RedisConnection.release(null, client, resources);
            throw e;
        }
    }

    boolean cluster() {
        return client instanceof RedisClusterClient;
    }

    /**
     * Whether subscribing is worth trying now: on one Redis, while connected; on a cluster always
     * (one master down leaves the others' channels to subscribe, and a down one rejects at once).
     */
    boolean usable() {
        return cluster() || connection.isOpen();
    }

    /** One {@code SSUBSCRIBE} of one channel; completes when Redis confirms it. */
    CompletionStage<Void> subscribe(String channel) {
        return connection.async().ssubscribe(bytes(channel));
    }

    void unsubscribe(String channel) {
        if (usable()) {
            connection.async().sunsubscribe(bytes(channel));
        }
    }

    /** On a cluster, asks for a fresh view of the slots (at most once a second), so re-subscriptions find a moved slot's new master. */
    void refreshTopology() {
        long now = System.currentTimeMillis();
        long last = refreshedAt.get();
        if (client instanceof RedisClusterClient cluster && now - last >= REFRESH_GAP_MILLIS
                && refreshedAt.compareAndSet(last, now)) {
            cluster.refreshPartitionsAsync();
        }
    }

    @Override
    public void close() {
        RedisConnection.release(connection, client, resources);
    }

    private static Optional<String> node(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? Optional.of(inet.getHostString() + ":" + inet.getPort()) : Optional.empty();
    }

    private static Optional<String> node(RedisClusterNode node) {
        if (node == null || node.getUri() == null) {
            return Optional.empty();
        }
        RedisURI uri = node.getUri();
        return Optional.of(uri.getHost() + ":" + uri.getPort());
    }

    static String text(byte[] channel) {
        return new String(channel, StandardCharsets.UTF_8);
    }
}
