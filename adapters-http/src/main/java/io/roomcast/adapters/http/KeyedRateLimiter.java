package io.roomcast.adapters.http;

import io.roomcast.application.port.out.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (an address, a viewer): {@code perPeriod} tokens per {@code periodMillis},
 * holding at most {@code burst}. Memory is bounded: a bucket that has refilled completely is the
 * same as none, so those are swept when the table reaches {@code maxKeys}; when it is still full,
 * an unknown key is let through untracked (failing open: a flood of distinct keys must not turn
 * into refusing everybody). Thread-safe: a lock per bucket, held for a few arithmetic steps.
 */
final class KeyedRateLimiter {
    static final int DEFAULT_MAX_KEYS = 100_000;

    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A rate of {@code perPeriod} per {@code periodMillis}; {@code perPeriod == 0} lets everything through. */
    KeyedRateLimiter(Clock clock, int perPeriod, long periodMillis, double burst, int maxKeys) {
        this.clock = clock;
        this.perMilli = (double) perPeriod / periodMillis;
        this.burst = Math.max(1, burst);
        this.maxKeys = maxKeys;
    }

    /** Whether this limiter limits anything. */
    boolean enabled() {
        return perMilli > 0;
    }

    /** Takes a token for {@code key}: 0 when granted, else the milliseconds until one will be there. */
    long take(String key) {
        if (!enabled()) {
            return 0;
        }
        long now = clock.millis();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                sweep(now);
                if (buckets.size() >= maxKeys) {
                    return 0;
                }
            }
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        }
        return bucket.take(now, perMilli, burst);
    }

    /** The milliseconds until {@code key} has a token, 0 when it has one now; takes nothing. */
    long waitMillis(String key) {
        Bucket bucket = enabled() ? buckets.get(key) : null;
        return bucket == null ? 0 : bucket.waitMillis(clock.millis(), perMilli, burst);
    }

    /** Buckets tracked now (for tests). */
    int tracked() {
        return buckets.size();
    }

    private void sweep(long now) {
        buckets.values().removeIf(b -> b.fullAt(now, perMilli, burst));
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now, double perMilli, double burst) {
            long wait = waitMillis(now, perMilli, burst);
            if (wait == 0) {
                tokens -= 1;
            }
            return wait;
        }

        synchronized long waitMillis(long now, double perMilli, double burst) {
            refill(now, perMilli, burst);
            return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perMilli));
        }

        synchronized boolean fullAt(long now, double perMilli, double burst) {
            refill(now, perMilli, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perMilli, double burst) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * perMilli);
                last = now;
            }
        }
    }
}
