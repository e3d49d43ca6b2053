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
 */
public record BlockPolicy(long windowMillis, long quietMillis, int renderBudgetPerSecond) {
    public BlockPolicy {
        if (windowMillis < 1 || quietMillis < 0 || renderBudgetPerSecond < 0) {
            throw new IllegalArgumentException("bad block policy: window " + windowMillis + " ms, quiet "
                    + quietMillis + " ms, budget " + renderBudgetPerSecond + "/s");
        }
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
