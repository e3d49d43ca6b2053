package io.roomcast.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits a random time in
 * {@code [cap/2, cap]} where {@code cap = min(max, initial * 2^n)}, so clients that lost the same
 * server do not come back in step. Immutable and thread-safe.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 1 ms <= initial <= max, got " + initial + ", " + max);
        }
    }

    long delayMillis(int attempt) {
        long cap = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << Math.max(0, attempt));
        long half = cap / 2;
        return half + ThreadLocalRandom.current().nextLong(cap - half + 1);
    }
}
