package io.roomcast.domain.policy;

/**
 * Rule: how a room's guest feed is cut into slices an HTTP cache can keep. Slice {@code n} holds
 * the messages positioned in {@code [n * sliceMillis, (n + 1) * sliceMillis)}, counted from the
 * epoch, so every node with the same setting numbers slices alike; it closes {@code closeMillis}
 * after its end (what was published near the end has been stored by then) and never changes after.
 *
 * @param sliceMillis each slice's width, 100-60,000 ms; 0 turns slices off
 * @param closeMillis how long after its end a slice closes, 0-60,000 ms
 */
public record SlicePolicy(long sliceMillis, long closeMillis) {
    public static final long DEFAULT_SLICE_MILLIS = 1_000;
    public static final long DEFAULT_CLOSE_MILLIS = 500;
    public static final long MAX_MILLIS = 60_000;
    public static final SlicePolicy OFF = new SlicePolicy(0, DEFAULT_CLOSE_MILLIS);

    public SlicePolicy {
        if (sliceMillis != 0 && (sliceMillis < 100 || sliceMillis > MAX_MILLIS)) {
            throw new IllegalArgumentException("slice width: must be 100-" + MAX_MILLIS + " ms (0: off), got " + sliceMillis);
        }
        if (closeMillis < 0 || closeMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("slice close delay: must be 0-" + MAX_MILLIS + " ms, got " + closeMillis);
        }
    }

    /** One-second slices, each closed half a second after its end. */
    public static SlicePolicy defaults() {
        return new SlicePolicy(DEFAULT_SLICE_MILLIS, DEFAULT_CLOSE_MILLIS);
    }

    public boolean enabled() {
        return sliceMillis > 0;
    }

    /** The newest slice closed at {@code nowMillis}. */
    public long newestClosed(long nowMillis) {
        return Math.floorDiv(nowMillis - closeMillis, sliceMillis) - 1;
    }

    /** The first millisecond of slice {@code n} (a slice that has closed or is about to: no overflow). */
    public long start(long n) {
        return Math.multiplyExact(n, sliceMillis);
    }

    /** When slice {@code n} closes; {@link Long#MAX_VALUE} for a number too large to close in this era. */
    public long closesAt(long n) {
        if (n >= (Long.MAX_VALUE - closeMillis) / sliceMillis - 1) {
            return Long.MAX_VALUE;
        }
        return (n + 1) * sliceMillis + closeMillis;
    }
}
