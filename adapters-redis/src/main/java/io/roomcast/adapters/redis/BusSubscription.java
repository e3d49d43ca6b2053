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
    Optional<String> node = Optional.empty();
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

    /** The pause after {@code failures} failed attempts in a row. */
    static long retryDelayMillis(int failures) {
        return Math.min(MAX_RETRY_MILLIS, RETRY_MILLIS << Math.min(Math.max(failures - 1, 0), 10));
    }
}
