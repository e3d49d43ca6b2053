package io.roomcast.application.push;

import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * The bus subscriptions of the rooms watched on this node. A room's channel is subscribed when a
 * viewer enters it and none is up ({@link #ready}: the viewer reads its replay only once it is up,
 * so every message is in the replay, on the bus, or both); it is unsubscribed {@link #LINGER_MILLIS}
 * after the room's last viewer on this node left, unless one came back, so rooms whose viewers come
 * and go do not churn subscriptions. A watch that failed (Redis down) is tried again by the next
 * viewer that enters. It also follows each subscribed family's sequence ({@link #follows}), so a
 * message the bus lost without reporting it is noticed at the next one.
 *
 * <p>Thread-safe: one monitor, taken per viewer entry and per room left, never per message.
 */
final class RoomWatches {
    /** How long a room's subscription outlives its last viewer on this node. */
    static final long LINGER_MILLIS = 10_000;

    private final ClusterBus bus;
    private final BusSequences sequences = new BusSequences();
    private final Map<RoomId, Watch> watches = new HashMap<>();
    private CompletableFuture<Void> platform;

    private static final class Watch {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        TaskLoop.Timer linger;
    }

    RoomWatches(ClusterBus bus) {
        this.bus = bus;
    }

    /** Subscribes the platform channel; messages go to {@code listener}. */
    synchronized void start(ClusterBus.Listener listener) {
        platform = bus.start(listener).toCompletableFuture()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(null, e)));
    }

    /**
     * Completes once the messages of {@code room} and of the platform stored from now on reach this
     * node (at once when they already do); completes exceptionally with a {@link RoomcastException}
     * when the bus cannot subscribe.
     */
    synchronized CompletableFuture<Void> ready(RoomId room) {
        if (platform == null) {
            throw new IllegalStateException("the push path is not started");
        }
        Watch watch = watches.get(room);
        if (watch == null || watch.ready.isCompletedExceptionally()) {
            Watch started = new Watch();
            watches.put(room, started);
            sequences.forget(room);
            bus.watch(room).whenComplete((ok, error) -> {
                if (error == null) {
                    started.ready.complete(null);
                } else {
                    started.ready.completeExceptionally(failure(room, error));
                }
            });
            watch = started;
        }
        if (watch.linger != null) {
            watch.linger.cancel();
            watch.linger = null;
        }
        boolean platformUp = platform.isDone() && !platform.isCompletedExceptionally();
        return platformUp ? watch.ready : CompletableFuture.allOf(platform, watch.ready);
    }

    /**
     * The last viewer of {@code room} on this node left: its subscription ends after the linger,
     * on {@code loop}, unless {@code watched} says a viewer came back by then.
     */
    synchronized void unwatched(RoomId room, TaskLoop loop, Predicate<RoomId> watched) {
        Watch watch = watches.get(room);
        if (watch == null || watch.linger != null) {
            return;
        }
        watch.linger = loop.schedule(() -> expire(room, watch, watched), LINGER_MILLIS);
    }

    private synchronized void expire(RoomId room, Watch watch, Predicate<RoomId> watched) {
        if (watches.get(room) != watch || watch.linger == null) {
            return;
        }
        watch.linger = null;
        if (!watched.test(room)) {
            watches.remove(room);
            bus.unwatch(room);
            sequences.forget(room);
        }
    }

    /**
     * Records a message the bus brought; false when its family's sequence skipped messages before
     * it while subscribed (a silent loss, {@link BusSequences}). Lock-free: called per message.
     */
    boolean follows(Message stored) {
        return sequences.follows(stored);
    }

    /** The rooms whose subscription is up, each with its watch (a room watched again has another). */
    synchronized Map<RoomId, Object> live() {
        Map<RoomId, Object> live = new HashMap<>();
        watches.forEach((room, watch) -> {
            if (watch.ready.isDone() && !watch.ready.isCompletedExceptionally()) {
                live.put(room, watch);
            }
        });
        return live;
    }

    /** The newest position of {@code room} the bus brought since the room's sequence was last forgotten, or null. */
    Cursor.Part lastSeen(RoomId room) {
        return sequences.last(room);
    }

    /** The newest position of the platform's sequence the bus brought, or null. */
    Cursor.Part lastSeenPlatform() {
        return sequences.lastPlatform();
    }

    /**
     * The bus brought nothing of {@code room} (empty: of the platform) that the store held a check
     * ago ({@link PositionCheck}): its channel is subscribed again, and its sequence starts afresh, as
     * the viewers resume once the bus reports it back.
     */
    void suspect(Optional<RoomId> room) {
        room.ifPresentOrElse(sequences::forget, sequences::forgetPlatform);
        bus.resubscribe(room);
    }

    /** Rooms subscribed or being subscribed (for tests and stats). */
    synchronized int size() {
        return watches.size();
    }

    /** What a failed {@link #ready} holds, as a {@link RoomcastException} ({@code room} null: the platform's). */
    static RoomcastException failure(RoomId room, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RoomcastException known) {
            return known;
        }
        return new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot follow the live stream of "
                + (room == null ? "the platform" : "room " + room.value()) + ": " + cause.getMessage(), cause);
    }
}
