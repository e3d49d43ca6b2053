package io.roomcast.domain.block;

/**
 * Rule settings for block merge.
 *
 * @param windowMillis         the longest a room gathers messages into one block, the window of a
 *                             node that is behind (the seed: 1-2 s; default 1,000 ms)
 * @param quietMillis          a room that has had no message for this long sends its next one at
 *                             once instead of waiting for the window (default 1,000 ms)
 * @param renderBudgetPerSecond the most messages a viewer is given per second (the seed: 15-20
 *                             make a client stutter; default 20); 0 turns the budget off
 * @param urgentGapMillis      the least time between a room's last block and one a CRITICAL message
 *                             closes early (default 200 ms, at most the window; a quarter of a
 *                             window longer than four gaps)
 * @param shortestWindowMillis the shortest window, that of a node that keeps up (default 50 ms); equal
 *                             to {@code windowMillis}, the window is fixed
 */
public record BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond, long urgentGapMillis,
                          long shortestWindowMillis) {
    /**
     * A CRITICAL message closes its room's window at once, but not sooner than this after the room's
     * last block: a room with a CRITICAL message every few milliseconds would otherwise send a block
     * for each, to every viewer (measured: ~20 blocks a second per viewer at 500 messages/s with one
     * in 26 CRITICAL, and the node past its capacity).
     */
    public static final long DEFAULT_URGENT_GAP_MILLIS = 200;

    public BlockPolicy {
        if (windowMillis < 1 || quietMillis < 0 || renderBudgetPerSecond < 0 || urgentGapMillis < 0
                || shortestWindowMillis < 1 || shortestWindowMillis > windowMillis) {
            throw new IllegalArgumentException("bad block policy: window " + shortestWindowMillis + " to " + windowMillis
                    + " ms, quiet " + quietMillis + " ms, budget " + renderBudgetPerSecond + "/s, urgent gap "
                    + urgentGapMillis + " ms");
        }
    }

    /** A fixed window. */
    public BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond, long urgentGapMillis) {
        this(windowMillis, quietMillis, renderBudgetPerSecond, urgentGapMillis, windowMillis);
    }

    /** A fixed window with the default urgent gap. */
    public BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond) {
        this(windowMillis, quietMillis, renderBudgetPerSecond, Math.min(DEFAULT_URGENT_GAP_MILLIS, windowMillis));
    }

    /** A window from 50 ms (the node keeps up) to 1 s (it is behind), quiet 1 s, 20 messages/s. */
    public static BlockPolicy defaults() {
        return new BlockPolicy(1_000, 1_000, 20, DEFAULT_URGENT_GAP_MILLIS, 50);
    }

    /** The same policy with its window from {@code shortest} (at most the longest) to {@code longest} ms. */
    public BlockPolicy withWindow(long shortest, long longest) {
        return new BlockPolicy(longest, quietMillis, renderBudgetPerSecond, Math.min(urgentGapMillis, longest),
                Math.min(shortest, longest));
    }

    /** Whether the window follows the node's load (shorter than the longest when it keeps up). */
    public boolean isAdaptive() {
        return shortestWindowMillis < windowMillis;
    }

    /** The most entries one block may carry: the render budget over one window, at least 1. */
    public int entriesPerBlock() {
        return entriesPerBlock(windowMillis);
    }

    /** The most entries one block of a window of {@code window} ms may carry, at least 1. */
    public int entriesPerBlock(long window) {
        if (renderBudgetPerSecond == 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, Math.ceil(renderBudgetPerSecond * window / 1000.0));
    }

    /**
     * The urgent gap for a window of {@code window} ms: the policy's gap, or a quarter of a window
     * that grew longer than four gaps (a node behind sends fewer urgent blocks too), at most the window.
     */
    public long urgentGapMillis(long window) {
        return Math.min(window, Math.max(urgentGapMillis, window / 4));
    }
}
