package io.roomcast.application.push;

import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.WindowLength;

/**
 * The block window of every room on this node, between the policy's shortest and longest: short
 * while the node keeps up (a light room's messages go out within tens of milliseconds), doubled when
 * its loops or its viewers fall behind (fewer, bigger blocks: fewer writes, TLS records and system
 * calls for the same messages), a quarter longer when only the processors are busy (a reading that
 * swings with whatever else runs), a quarter shorter after each half second of calm.
 *
 * <p>Still stalled at the longest window, the node cuts every block to at most {@value #FIRST_CUT}
 * entries, then half that once per window down to {@value #LEAST_CUT} (by priority, CRITICAL never
 * cut, the rest counted as skipped for {@code budget}): the same cut for every viewer of a room, in
 * the one shared block, instead of each held viewer merging its own blocks into a copy encoded for
 * it alone, which is what made the node deliver less the more it was offered (a TLS sweep to 8x
 * its peak with the render budget off). Calm, the cut doubles back off before the window shrinks.
 *
 * <p>"Behind" is any of three readings since the last look: a push loop ran a task later than one
 * window after it was given (blocks queue behind blocks), more than one viewer in 20 had to hold a
 * block (their connections, or the node's outbound budget, could not take it), or the machine's
 * processors were {@value #BUSY_PERCENT}% busy or more (every block costs a write per viewer, and
 * whoever else runs here, a TLS record's work on the reading side too). "Calm" is a loop lag under a
 * quarter window, at most one viewer in 100 holding and the processors under {@value #CALM_PERCENT}%
 * busy (or not known). Between the two the window stays.
 * The window grows at most once per window, so a change shows before the next one.
 *
 * <p>Thread-safe: {@link #observe} runs on one thread; {@link #millis} is read by every shard.
 */
final class AdaptiveWindow implements WindowLength {
    static final long CALM_STEP_MILLIS = 500;
    static final int BUSY_PERCENT = 85;
    static final int CALM_PERCENT = 70;
    static final int FIRST_CUT = 256;
    static final int LEAST_CUT = 16;

    private final long shortest;
    private final long longest;
    private volatile long current;
    private volatile int maxEntries = Integer.MAX_VALUE;
    private long calmSince;
    private long nextGrowth;

    AdaptiveWindow(BlockPolicy policy, long nowMillis) {
        this.shortest = policy.shortestWindowMillis();
        this.longest = policy.windowMillis();
        this.current = shortest;
        this.calmSince = nowMillis;
        this.nextGrowth = nowMillis;
    }

    @Override
    public long millis() {
        return current;
    }

    /**
     * One look at the node's load since the last.
     *
     * @param lagMillis the longest a push loop made a task wait
     * @param offered   blocks handed to viewers
     * @param held      of those, blocks a viewer had to hold
     * @param cpuBusy   the machine's processors' busy share, 0 to 1, or negative if not known
     */
    void observe(long nowMillis, long lagMillis, long offered, long held, double cpuBusy) {
        long window = current;
        boolean stalled = lagMillis >= window || held * 20 > offered && held > 1;
        boolean busy = cpuBusy * 100 >= BUSY_PERCENT;
        boolean calm = lagMillis * 4 < window && held * 100 <= offered && cpuBusy * 100 < CALM_PERCENT;
        if (stalled || busy) {
            calmSince = nowMillis;
            if (nowMillis >= nextGrowth && window < longest) {
                current = Math.min(longest, stalled ? window * 2 : window + Math.max(1, window / 4));
                nextGrowth = nowMillis + current;
            } else if (nowMillis >= nextGrowth && stalled) {
                // At the longest window and still stalled: cut every block, the same cut for every viewer.
                maxEntries = maxEntries == Integer.MAX_VALUE ? FIRST_CUT : Math.max(LEAST_CUT, maxEntries / 2);
                nextGrowth = nowMillis + window;
            }
        } else if (!calm) {
            calmSince = nowMillis;
        } else if (nowMillis - calmSince >= CALM_STEP_MILLIS) {
            if (maxEntries != Integer.MAX_VALUE) {
                maxEntries = maxEntries * 2 > FIRST_CUT ? Integer.MAX_VALUE : maxEntries * 2;
            } else {
                current = Math.max(shortest, window - window / 4);
            }
            calmSince = nowMillis;
        }
    }

    @Override
    public int maxEntries() {
        return maxEntries;
    }
}
