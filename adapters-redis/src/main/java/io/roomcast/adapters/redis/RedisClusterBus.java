package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterBus} on Redis sharded pub/sub: {@code append.lua} publishes every stored
 * message on {@code live::{roomId}::bus} or {@code live::{#platform}::bus} in the same script as
 * the store; this node subscribes the platform channel and the channels of the rooms it watches,
 * on one pub/sub connection of its own. A standalone Redis runs scripts one at a time, so that
 * connection receives every channel in position order.
 *
 * <p>Payload: a format byte {@code 01}, then the stream member ({@link StoredValue}: the 8-byte seq,
 * then the protobuf message with its position).
 *
 * <p>Subscriptions are this class's own, not Lettuce's: each channel is {@code WANTED} (asked),
 * {@code LIVE} (confirmed) or {@code LOST}. When the connection goes down or comes back, or Redis
 * unsubscribes a channel we did not let go of, every live channel is {@code LOST}: what arrives on
 * it is dropped until a confirmation of its subscription comes in (Lettuce's own resubscribe, or
 * ours: one channel per {@code SSUBSCRIBE}, retried every {@value #REPAIR_MILLIS} ms); that
 * confirmation is reported as {@link Listener#resubscribed} before anything after it. The new
 * connection's "connected" event comes before it reads anything, so nothing it delivers passes a
 * loss unreported.
 *
 * <p>Thread-safe: subscription changes under this object's monitor (per subscription, never per
 * message); messages are decoded and handed on on Lettuce's event loop, lock-free.
 */
final class RedisClusterBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBus.class);
    static final long REPAIR_MILLIS = 200;

    private enum State { WANTED, LIVE, LOST }

    /** One channel's subscription. State changes under the bus's monitor; read lock-free per message. */
    private static final class Subscription {
        final Optional<RoomId> room;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile State state = State.WANTED;
        boolean asking;

        Subscription(Optional<RoomId> room) {
            this.room = room;
        }
    }

    private final String where;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "roomcast-bus-repair");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Listener listener;
    private volatile boolean closed;

    private RedisClusterBus(RedisStoreConfig config, ClientResources resources, RedisClient client) {
        this.where = config.redactedUrl();
        this.resources = resources;
        this.client = client;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                lost("reconnected");
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                lost("disconnected");
            }
        });
        this.connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(byte[] channel, byte[] payload) {
                received(channel, payload);
            }

            @Override
            public void ssubscribed(byte[] channel, long count) {
                confirmed(text(channel));
            }

            @Override
            public void sunsubscribed(byte[] channel, long count) {
                dropped(text(channel));
            }
        });
        repairs.scheduleWithFixedDelay(this::repair, REPAIR_MILLIS, REPAIR_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the bus's own pub/sub connection to Redis.
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis cannot be reached
     */
    static RedisClusterBus connect(RedisStoreConfig config) {
        ClientResources resources = RedisConnection.resources(config);
        RedisClient client = RedisConnection.client(config, resources);
        try {
            RedisClusterBus bus = new RedisClusterBus(config, resources, client);
            LOG.info("cluster bus connected to {}", config.redactedUrl());
            return bus;
        } catch (RedisException e) {
            RedisConnection.release(null, client, resources);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot subscribe to Redis at "
                    + config.redactedUrl() + ": " + RedisConnection.describe(e), e);
        }
    }

    @Override
    public CompletionStage<Void> start(Listener target) {
        listener = target;
        return want(RedisKeys.PLATFORM_BUS, Optional.empty());
    }

    @Override
    public CompletionStage<Void> watch(RoomId room) {
        return want(RedisKeys.bus(room), Optional.of(room));
    }

    @Override
    public synchronized void unwatch(RoomId room) {
        String channel = RedisKeys.bus(room);
        if (subscriptions.remove(channel) != null && connection.isOpen()) {
            connection.async().sunsubscribe(bytes(channel));
        }
    }

    private synchronized CompletableFuture<Void> want(String channel, Optional<RoomId> room) {
        Subscription s = subscriptions.computeIfAbsent(channel, c -> new Subscription(room));
        ask(channel, s);
        return s.ready;
    }

    /** Sends one {@code SSUBSCRIBE} for {@code channel} unless one is on its way. */
    private synchronized void ask(String channel, Subscription s) {
        if (s.asking) {
            return;
        }
        s.asking = true;
        RedisFuture<Void> asked;
        try {
            asked = connection.async().ssubscribe(bytes(channel));
        } catch (RuntimeException e) {
            answered(channel, s, e);
            return;
        }
        asked.whenComplete((ok, error) -> answered(channel, s, error));
    }

    private synchronized void answered(String channel, Subscription s, Throwable error) {
        s.asking = false;
        if (error == null) {
            confirmed(channel);
        } else if (s.state == State.WANTED && s.room.isPresent() && subscriptions.remove(channel, s)) {
            // A room's first subscription fails its viewers; a lost one, or the platform's, is retried.
            s.ready.completeExceptionally(new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot subscribe to "
                    + channel + " on Redis at " + where + ": " + RedisConnection.describe(error), error));
        }
    }

    /** Redis confirmed a subscription of {@code channel} (ours or Lettuce's resubscribe): what follows is complete. */
    private synchronized void confirmed(String channel) {
        Subscription s = subscriptions.get(channel);
        if (s == null || s.state == State.LIVE) {
            return;
        }
        boolean wasLost = s.state == State.LOST;
        s.state = State.LIVE;
        if (wasLost) {
            LOG.info("cluster bus: {} subscribed again; its viewers resume from the store", channel);
            listener.resubscribed(s.room);
        } else {
            s.ready.complete(null);
        }
    }

    /** Redis unsubscribed {@code channel}: when we still want it, it is lost until subscribed again. */
    private synchronized void dropped(String channel) {
        Subscription s = subscriptions.get(channel);
        if (s != null && s.state == State.LIVE) {
            LOG.warn("cluster bus: Redis at {} unsubscribed {}; subscribing again", where, channel);
            s.state = State.LOST;
        }
    }

    /** The connection went down or came back: every live subscription may have missed messages. */
    private synchronized void lost(String what) {
        int lost = 0;
        for (Subscription s : subscriptions.values()) {
            if (s.state == State.LIVE) {
                s.state = State.LOST;
                lost++;
            }
        }
        if (lost > 0 && !closed) {
            LOG.warn("cluster bus connection to {} {}: {} subscriptions lost until subscribed again", where, what, lost);
        }
    }

    private synchronized void repair() {
        if (!connection.isOpen()) {
            return;
        }
        subscriptions.forEach((channel, s) -> {
            if (s.state != State.LIVE) {
                ask(channel, s);
            }
        });
    }

    private void received(byte[] channel, byte[] payload) {
        Subscription s = subscriptions.get(text(channel));
        Listener target = listener;
        if (s == null || s.state != State.LIVE || target == null) {
            return;
        }
        Message stored;
        try {
            stored = StoredValue.decodeBusPayload(payload);
        } catch (RuntimeException e) {
            LOG.warn("cluster bus: skipped a payload on {} that is not a stored message: {}", text(channel), e.getMessage());
            return;
        }
        target.published(stored);
    }

    @Override
    public void close() {
        closed = true;
        repairs.shutdownNow();
        RedisConnection.release(connection, client, resources);
        LOG.info("cluster bus disconnected from {}", where);
    }

    private static String text(byte[] channel) {
        return new String(channel, StandardCharsets.UTF_8);
    }
}
