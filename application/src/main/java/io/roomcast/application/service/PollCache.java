package io.roomcast.application.service;

import io.roomcast.application.port.in.PollResult;
import io.roomcast.domain.message.RoomId;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Short-lived answers to guests' polls, keyed by (room, cursor, limit). Thread-safe. Two guests
 * asking at once may both compute the answer; that costs a read, never a wrong answer, since an
 * answer is a pure function of the question and the log up to the moment it was read.
 */
final class PollCache {
    private static final int SWEEP_ABOVE = 10_000;

    private final long ttlMillis;
    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

    PollCache(long ttlMillis) {
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("poll cache time must not be negative: " + ttlMillis);
        }
        this.ttlMillis = ttlMillis;
    }

    private record Key(RoomId room, String cursor, int limit) {
    }

    private record Entry(PollResult result, long expiresAt) {
    }

    /** The cached answer, or null when there is none (or it expired, or the cache is off). */
    PollResult peek(RoomId room, String cursor, int limit, long nowMillis) {
        if (ttlMillis == 0) {
            return null;
        }
        Entry entry = entries.get(new Key(room, Objects.requireNonNullElse(cursor, ""), limit));
        return entry != null && nowMillis < entry.expiresAt() ? entry.result() : null;
    }

    PollResult get(RoomId room, String cursor, int limit, long nowMillis, Supplier<PollResult> compute) {
        if (ttlMillis == 0) {
            return compute.get();
        }
        Key key = new Key(room, Objects.requireNonNullElse(cursor, ""), limit);
        Entry entry = entries.get(key);
        if (entry != null && nowMillis < entry.expiresAt()) {
            return entry.result();
        }
        PollResult result = compute.get();
        if (entries.size() > SWEEP_ABOVE) {
            entries.values().removeIf(e -> e.expiresAt() <= nowMillis);
        }
        entries.put(key, new Entry(result, nowMillis + ttlMillis));
        return result;
    }
}
