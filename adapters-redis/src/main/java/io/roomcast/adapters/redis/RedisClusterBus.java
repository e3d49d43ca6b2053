package io.roomcast.adapters.redis;

import io.lettuce.core.RedisException;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
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
 * on a pub/sub connection of its own ({@link BusConnection}). A standalone Redis runs scripts one at
 * a time, so that connection receives every channel in position order. On a Redis Cluster each
 * channel is subscribed at the master of its slot, and a channel's messages arrive in position order
 * (its room's, or the platform's, in one slot).
 *
 * <p>Payload: a format byte {@code 01}, then the stream member ({@link StoredValue}: the 8-byte seq,
 * then the protobuf message with its position).
 *
 * <p>Subscriptions are this class's own, not Lettuce's: each channel is {@code WANTED} (asked),
 * {@code LIVE} (confirmed) or {@code LOST}. When a connection goes down or comes back, every live
 * channel subscribed on it (on one Redis: every live channel) is {@code LOST}; when Redis
 * unsubscribes a channel we did not let go of (on a cluster: its slot moved to another master),
 * that channel is. What arrives on a lost channel is dropped until a confirmation of its
 * subscription comes in (Lettuce's own resubscribe, or ours: one channel per {@code SSUBSCRIBE},
 * retried after {@value #REPAIR_MILLIS} ms, backing off while it keeps failing ({@link BusSubscription}),
 * after a topology refresh on a cluster); that
 * confirmation is reported as {@link Listener#resubscribed} before anything after it. We do not
 * rely on Lettuce's resubscribe: on a cluster it sends a node's channels in one command, which
 * fails with {@code CROSSSLOT} when they are in several slots, and a channel Redis unsubscribed is
 * not subscribed again at all. A new connection's "connected" event comes before it reads
 * anything, so nothing it delivers passes a loss unreported.
 *
 * <p>Thread-safe: subscription changes under this object's monitor (per subscription, never per
 * message); messages are decoded and handed on on Lettuce's event loop, lock-free.
 */
final class RedisClusterBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBus.class);
    static final long REPAIR_MILLIS = BusSubscription.RETRY_MILLIS;

    private final String where;
    private final long connectTimeoutNanos;
    private final BusConnection connection;
    private final Map<String, BusSubscription> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "roomcast-bus-repair");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Listener listener;
    private volatile boolean closed;

    private RedisClusterBus(RedisStoreConfig config) {
        this.where = config.redactedUrl();
        this.connectTimeoutNanos = config.connectTimeout().toNanos();
        this.connection = BusConnection.open(config, new BusConnection.Events() {
            @Override
            public void received(String channel, byte[] payload) {
                RedisClusterBus.this.received(channel, payload);
            }

            @Override
            public void confirmed(String channel, Optional<String> node) {
                RedisClusterBus.this.confirmed(channel, node);
            }

            @Override
            public void dropped(String channel) {
                RedisClusterBus.this.dropped(channel);
            }

            @Override
            public void lost(Optional<String> node, String what) {
                RedisClusterBus.this.lost(node, what);
            }
        });
        repairs.scheduleWithFixedDelay(this::repair, REPAIR_MILLIS, REPAIR_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the bus's own pub/sub connection to Redis (one server or a cluster).
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis cannot be reached
     */
    static RedisClusterBus connect(RedisStoreConfig config) {
        try {
            RedisClusterBus bus = new RedisClusterBus(config);
            LOG.info("cluster bus connected to {}{}", config.redactedUrl(), bus.connection.cluster() ? " (Redis Cluster)" : "");
            return bus;
        } catch (RedisException e) {
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
        if (subscriptions.remove(channel) != null) {
            connection.unsubscribe(channel);
        }
    }

    @Override
    public synchronized void resubscribe(Optional<RoomId> room) {
        String channel = room.map(RedisKeys::bus).orElse(RedisKeys.PLATFORM_BUS);
        BusSubscription s = subscriptions.get(channel);
        if (s != null && s.state == BusSubscription.State.LIVE) {
            LOG.warn("cluster bus: {} delivered less than the store holds{}; subscribing again", channel, s.where());
            s.state = BusSubscription.State.LOST;
            connection.refreshTopology();
            ask(channel, s);
        }
    }

    private synchronized CompletableFuture<Void> want(String channel, Optional<RoomId> room) {
        BusSubscription s = subscriptions.computeIfAbsent(channel, c -> new BusSubscription(room));
        ask(channel, s);
        return s.ready;
    }

    /** Sends one {@code SSUBSCRIBE} for {@code channel} unless one is on its way. */
    private synchronized void ask(String channel, BusSubscription s) {
        if (s.asking) {
            return;
        }
        s.asking = true;
        CompletionStage<Void> asked;
        try {
            asked = connection.subscribe(channel);
        } catch (RuntimeException e) {
            answered(channel, s, e);
            return;
        }
        asked.whenComplete((ok, error) -> answered(channel, s, error));
    }

    private synchronized void answered(String channel, BusSubscription s, Throwable error) {
        s.asking = false;
        if (error != null) {
            s.failed(System.nanoTime());
        }
        if (error == null) {
            live(channel, s);
        } else if (s.state == BusSubscription.State.WANTED && s.room.isPresent() && givesUp(s) && subscriptions.remove(channel, s)) {
            // A room's first subscription fails its viewers; a lost one, or the platform's, is retried.
            s.ready.completeExceptionally(new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot subscribe to "
                    + channel + " on Redis at " + where + ": " + RedisConnection.describe(error), error));
        } else {
            // Retried by the repair; on a cluster the slot may have a new master.
            connection.refreshTopology();
        }
    }

    /**
     * Whether a room's first subscription that just failed fails its viewers now. On one Redis at
     * once; on a cluster the repair tries again for up to the connect timeout, because the
     * connection to a master this bus has not used yet rejects commands until it is up.
     */
    private boolean givesUp(BusSubscription s) {
        long now = System.nanoTime();
        if (s.failingSince == 0) {
            s.failingSince = now;
        }
        return !connection.cluster() || now - s.failingSince >= connectTimeoutNanos;
    }

    /** Redis confirmed a subscription of {@code channel} (ours or Lettuce's resubscribe) on {@code node}: what follows is complete. */
    private synchronized void confirmed(String channel, Optional<String> node) {
        BusSubscription s = subscriptions.get(channel);
        if (s != null) {
            s.confirmedOn(node);
            live(channel, s);
        }
    }

    /** {@code s} is subscribed: a lost one is reported (its viewers resume), a first one completes its watchers. */
    private synchronized void live(String channel, BusSubscription s) {
        s.succeeded();
        if (s.state == BusSubscription.State.LIVE) {
            return;
        }
        boolean wasLost = s.state == BusSubscription.State.LOST;
        s.state = BusSubscription.State.LIVE;
        if (wasLost) {
            LOG.info("cluster bus: {} subscribed again{}; its viewers resume from the store", channel, s.where());
            listener.resubscribed(s.room);
        } else {
            s.ready.complete(null);
        }
    }

    /** Redis unsubscribed {@code channel}: when we still want it, it is lost until subscribed again. */
    private synchronized void dropped(String channel) {
        BusSubscription s = subscriptions.get(channel);
        if (s != null && s.state == BusSubscription.State.LIVE) {
            LOG.warn("cluster bus: Redis at {} unsubscribed {}; subscribing again", where, channel);
            s.state = BusSubscription.State.LOST;
            connection.refreshTopology();
        }
    }

    /**
     * A connection to {@code node} went down or came back: every live subscription on it (all, when
     * the node or a subscription's node is not known) may have missed messages.
     */
    private synchronized void lost(Optional<String> node, String what) {
        int lost = 0;
        for (BusSubscription s : subscriptions.values()) {
            if (s.state == BusSubscription.State.LIVE && s.dependsOn(node)) {
                s.state = BusSubscription.State.LOST;
                lost++;
            }
        }
        if (lost > 0 && !closed) {
            LOG.warn("cluster bus connection to {} {}: {} subscriptions lost until subscribed again",
                    node.orElse(where), what, lost);
        }
    }

    private synchronized void repair() {
        if (!connection.usable()) {
            return;
        }
        long now = System.nanoTime();
        subscriptions.forEach((channel, s) -> {
            if (s.state != BusSubscription.State.LIVE && s.due(now)) {
                ask(channel, s);
            }
        });
    }

    private void received(String channel, byte[] payload) {
        BusSubscription s = subscriptions.get(channel);
        Listener target = listener;
        if (s == null || s.state != BusSubscription.State.LIVE || target == null) {
            return;
        }
        Message stored;
        try {
            stored = StoredValue.decodeBusPayload(payload);
        } catch (RuntimeException e) {
            LOG.warn("cluster bus: skipped a payload on {} that is not a stored message: {}", channel, e.getMessage());
            return;
        }
        target.published(stored);
    }

    @Override
    public void close() {
        closed = true;
        repairs.shutdownNow();
        connection.close();
        LOG.info("cluster bus disconnected from {}", where);
    }
}
