package io.roomcast.adapters.redis;

import io.roomcast.domain.message.RoomId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One bus channel's subscription in {@link RedisClusterBus}'s table: whether it is asked for,
 * confirmed or lost, on which node it was confirmed, and when a failed attempt may be tried again
 * (after {@value #RETRY_MILLIS} ms, doubling up to {@value #MAX_RETRY_MILLIS} ms while attempts keep
 * failing, so a master that stays down is not asked thousands of times a second). Changed under the
 * bus's monitor; {@link #state} is read lock-free per message.
 */
final class BusSubscription {
    static final long RETRY_MILLIS = 200;
    static final long MAX_RETRY_MILLIS = 5_000;

    enum State { WANTED, LIVE, LOST }

    final Optional<RoomId> room;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    volatile State state = State.WANTED;
    /** The node ({@code host:port}) that confirmed it last; empty on one Redis or when not known. */
    private Optional<String> node = Optional.empty();
    /** Whether an {@code SSUBSCRIBE} is on its way. */
    boolean asking;
    /** {@link System#nanoTime()} of the first failed attempt at a first subscription, 0 if none. */
    long failingSince;
    private int failures;
    private long retryAt;

    BusSubscription(Optional<RoomId> room) {
        this.room = room;
    }

    /** Whether an attempt may go at {@code now} ({@link System#nanoTime()}). */
    boolean due(long now) {
        return failures == 0 || now - retryAt >= 0;
    }

    void failed(long now) {
        failures++;
        retryAt = now + TimeUnit.MILLISECONDS.toNanos(retryDelayMillis(failures));
    }

    void succeeded() {
        failures = 0;
    }

    /**
     * Redis confirmed the subscription on {@code where} ({@code host:port}, or empty when Lettuce
     * did not say). A confirmation from a node not known forgets the node before: the channel may
     * have moved with its slot, and a node kept from before would let the new node's loss pass unseen.
     */
    void confirmedOn(Optional<String> where) {
        node = where;
    }

    /** " on host:port" of the node that confirmed it last, or nothing when not known (for the log). */
    String where() {
        return node.map(n -> " on " + n).orElse("");
    }

    /** Whether a pub/sub connection to {@code lost} (empty: any, or the one Redis) going down or up may have cost this channel messages. */
    boolean dependsOn(Optional<String> lost) {
        return lost.isEmpty() || node.isEmpty() || node.equals(lost);
    }

    /** The pause after {@code failures} failed attempts in a row. */
    static long retryDelayMillis(int failures) {
        return Math.min(MAX_RETRY_MILLIS, RETRY_MILLIS << Math.min(Math.max(failures - 1, 0), 10));
    }
}
