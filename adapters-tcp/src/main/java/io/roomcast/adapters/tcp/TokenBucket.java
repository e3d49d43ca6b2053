package io.roomcast.adapters.tcp;

import io.roomcast.application.port.out.Clock;

/**
 * A token bucket that refills at {@code perSecond} and holds at most one second of tokens: new
 * connections per second with a one-second burst. Thread-safe (a short lock, taken once per
 * accepted connection, never on the message path).
 */
final class TokenBucket {
    private final Clock clock;
    private final double perSecond;
    private double tokens;
    private long last;

    TokenBucket(Clock clock, int perSecond) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = clock.millis();
    }

    synchronized boolean tryTake() {
        long now = clock.millis();
        if (now > last) {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1000.0);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
