package io.roomcast.application.push;

import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bus by hand, fed by the publish path's {@link Fanout} as Redis is fed by the append script: it
 * delivers what is stored to its listener, a room's messages only while the room is subscribed.
 * A test holds subscriptions unconfirmed ({@link #holdWatches}), fails them, loses messages
 * ({@link #losing}) and reports a subscription back ({@link #resubscribe}). Single-threaded.
 */
final class FakeBus implements ClusterBus, Fanout {
    private final Set<RoomId> subscribed = new HashSet<>();
    private final Map<RoomId, CompletableFuture<Void>> pending = new HashMap<>();
    final List<RoomId> watches = new ArrayList<>();
    final List<RoomId> unwatches = new ArrayList<>();
    private Listener listener;
    /** Subscriptions wait for {@link #confirm} instead of completing at once. */
    boolean holdWatches;
    /** Messages are lost, as when the subscriber's connection is down. */
    boolean losing;
    /** Messages lost without anything reported (a notification Redis dropped). */
    int silentlyLose;

    @Override
    public CompletionStage<Void> start(Listener l) {
        listener = l;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> watch(RoomId room) {
        watches.add(room);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (holdWatches) {
            pending.put(room, done);
        } else {
            subscribed.add(room);
            done.complete(null);
        }
        return done;
    }

    /** The held subscription of {@code room} is up. */
    void confirm(RoomId room) {
        subscribed.add(room);
        pending.remove(room).complete(null);
    }

    /** The held subscription of {@code room} failed. */
    void fail(RoomId room, RuntimeException error) {
        pending.remove(room).completeExceptionally(error);
    }

    @Override
    public void unwatch(RoomId room) {
        unwatches.add(room);
        subscribed.remove(room);
    }

    /** What the push core asked to subscribe again ({@link #resubscribe}), in order. */
    final List<Optional<RoomId>> resubscribes = new ArrayList<>();

    /** Records the request; the test reports the subscription back with {@link #resubscribed}. */
    @Override
    public void resubscribe(Optional<RoomId> room) {
        resubscribes.add(room);
    }

    /** The subscription of {@code room} (empty: the platform's) is back after it may have lost messages. */
    void resubscribed(Optional<RoomId> room) {
        losing = false;
        listener.resubscribed(room);
    }

    boolean isSubscribed(RoomId room) {
        return subscribed.contains(room);
    }

    @Override
    public void deliver(Message stored) {
        if (listener == null || losing) {
            return;
        }
        if (silentlyLose > 0) {
            silentlyLose--;
            return;
        }
        if (stored.scope() != Scope.ROOM || subscribed.contains(stored.roomId())) {
            listener.published(stored);
        }
    }

    @Override
    public void close() {
        listener = null;
    }
}
