package io.roomcast.domain.block;

/**
 * Rule settings for block merge.
 *
 * @param windowMillis         how long a room gathers messages into one block (the seed: 1-2 s;
 *                             default 500 ms to keep push latency low)
 * @param quietMillis          a room that has had no message for this long sends its next one at
 *                             once instead of waiting for the window (default 1,000 ms)
 * @param renderBudgetPerSecond the most messages a viewer is given per second (the seed: 15-20
 *                             make a client stutter; default 20); 0 turns the budget off
 * @param urgentGapMillis      the least time between a room's last block and one a CRITICAL message
 *                             closes early (default 200 ms, at most the window)
 */
public record BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond, long urgentGapMillis) {
    /**
     * A CRITICAL message closes its room's window at once, but not sooner than this after the room's
     * last block: a room with a CRITICAL message every few milliseconds would otherwise send a block
     * for each, to every viewer (measured: ~20 blocks a second per viewer at 500 messages/s with one
     * in 26 CRITICAL, and the node past its capacity).
     */
    public static final long DEFAULT_URGENT_GAP_MILLIS = 200;

    public BlockPolicy {
        if (windowMillis < 1 || quietMillis < 0 || renderBudgetPerSecond < 0 || urgentGapMillis < 0) {
            throw new IllegalArgumentException("bad block policy: window " + windowMillis + " ms, quiet "
                    + quietMillis + " ms, budget " + renderBudgetPerSecond + "/s, urgent gap " + urgentGapMillis + " ms");
        }
    }

    public BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond) {
        this(windowMillis, quietMillis, renderBudgetPerSecond, Math.min(DEFAULT_URGENT_GAP_MILLIS, windowMillis));
    }

    public static BlockPolicy defaults() {
        return new BlockPolicy(500, 1_000, 20);
    }

    /** The most entries one block may carry: the render budget over one window, at least 1. */
    public int entriesPerBlock() {
        if (renderBudgetPerSecond == 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, Math.ceil(renderBudgetPerSecond * windowMillis / 1000.0));
    }
}
