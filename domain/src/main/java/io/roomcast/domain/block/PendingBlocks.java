package io.roomcast.domain.block;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.SkipCounts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Rule state: the blocks one viewer could not take yet (its connection is not writable, or its
 * resume is still being read), bounded. Past {@code maxBlocks} they are merged into one block for
 * this viewer alone (also once its oldest block has waited {@code maxWaitMillis}): the most important entries within {@code mergedMaxEntries} (stale ones out,
 * states collapsed, CRITICAL never dropped, the newest within a level: {@link PriorityPick#pickNewest}
 * with {@link DropReason#BUDGET}),
 * the rest counted in its skipped counts, the newest version of every state key it left out in its
 * {@code states}, and its cursor the last block's: the viewer misses only what it is told it missed.
 *
 * <p>Not thread-safe: used by the viewer's thread.
 */
public final class PendingBlocks {
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final int maxBlocks;
    private final long maxWaitMillis;
    private final int mergedMaxEntries;
    private final PriorityPick pick;

    public PendingBlocks(int maxBlocks, int mergedMaxEntries, PriorityPick pick) {
        this(maxBlocks, Long.MAX_VALUE, mergedMaxEntries, pick);
    }

    /** @param maxWaitMillis the queue is merged too once its oldest block has waited this long */
    public PendingBlocks(int maxBlocks, long maxWaitMillis, int mergedMaxEntries, PriorityPick pick) {
        if (maxBlocks < 1 || mergedMaxEntries < 1 || maxWaitMillis < 1) {
            throw new IllegalArgumentException("pending blocks: max blocks " + maxBlocks + ", max wait "
                    + maxWaitMillis + " ms and merged entries " + mergedMaxEntries + " must be at least 1");
        }
        this.maxBlocks = maxBlocks;
        this.maxWaitMillis = maxWaitMillis;
        this.mergedMaxEntries = mergedMaxEntries;
        this.pick = pick;
    }

    /**
     * Queues a block; merges when over the bound of blocks, or when the oldest has waited too long
     * (a viewer that cannot keep up then gets the most important of a second, not all of it late).
     *
     * @return true when this add merged the queue
     */
    public boolean add(Outgoing block, long now) {
        queue.addLast(block);
        if (queue.size() > maxBlocks
                || (queue.size() > 1 && now - queue.peekFirst().block().header().sentAt() >= maxWaitMillis)) {
            merge(now);
            return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }

    /** The oldest block, or null. */
    public Outgoing poll() {
        return queue.pollFirst();
    }

    /**
     * The oldest block as it should go out at {@code now}, or null. A block that waited until every
     * entry but the CRITICAL ones went stale goes as its CRITICAL entries and counts (the rest as
     * {@link DropReason#AGE}) rather than seconds late; a block with some fresh entries goes as it is
     * (a window is half a second: its entries go stale together), so a late viewer is not given a
     * re-encoded copy of every big block.
     */
    public Outgoing poll(long now) {
        Outgoing b = queue.pollFirst();
        if (b == null || b.block().entries().isEmpty() || !pick.allStale(b.block().entries(), now)) {
            return b;
        }
        Block block = b.block();
        PriorityPick.Selection fresh = pick.pick(block.entries(), block.entries().size(), now, DropReason.BUDGET);
        return Outgoing.of(new Block(block.header(), fresh.chosen(), block.skipped().plus(fresh.skipped()),
                block.states()));
    }

    public void clear() {
        queue.clear();
    }

    /**
     * Merges every queued block into one (the same merge as past the bound): for a viewer that fell
     * behind its client and caught up, so what it is shown next is the newest of what waited.
     *
     * @return true when there was more than one block to merge
     */
    public boolean mergeAll(long now) {
        if (queue.size() < 2) {
            return false;
        }
        merge(now);
        return true;
    }

    /**
     * A big shared block's own most important entries, picked once for every viewer that merges it:
     * the merged block's entries can only come from each block's own top {@code mergedMaxEntries}
     * (adding entries only pushes an entry further down), so each merge picks from those instead of
     * from every held entry. Every other entry is counted in the summary's skipped counts, so the
     * merge stays exact; staleness is checked again when the merged block is picked. Null: the block
     * is small or one viewer's own, and its entries go to the merge as they are.
     */
    private PriorityPick.Selection topOf(Outgoing b, long now) {
        List<Message> entries = b.block().entries();
        if (!b.isShared() || entries.size() <= mergedMaxEntries) {
            return null;
        }
        return b.derived(mergedMaxEntries, () -> {
            int criticals = 0;
            for (Message m : entries) {
                if (m.priority() == Priority.CRITICAL) {
                    criticals++;
                }
            }
            // Above the CRITICAL count, so the pick consumes the whole block (it never cuts a block short).
            return pick.pickNewest(entries, Math.max(mergedMaxEntries, criticals + 1), now, DropReason.BUDGET);
        });
    }

    private void merge(long now) {
        List<Message> entries = new ArrayList<>();
        List<Message> states = new ArrayList<>();
        SkipCounts skipped = SkipCounts.NONE;
        Cursor through = null;
        RoomId room = null;
        Outgoing b;
        while ((b = queue.pollFirst()) != null) {
            Block block = b.block();
            PriorityPick.Selection top = topOf(b, now);
            if (top == null) {
                entries.addAll(block.entries());
            } else {
                entries.addAll(top.chosen());
                states.addAll(top.repairs());
                skipped = skipped.plus(top.skipped());
            }
            states.addAll(block.states());
            skipped = skipped.plus(block.skipped());
            if (block.header().through() != null) {
                through = block.header().through();
            }
            room = block.header().roomId();
        }
        // Usually one block; more only when CRITICAL messages (never dropped) overflow one block.
        IntFunction<Cursor> cursorAfter = through == null ? null : Cursor.prefixCuts(entries, through);
        int from = 0;
        do {
            List<Message> rest = entries.subList(from, entries.size());
            PriorityPick.Selection selection = rest.isEmpty()
                    ? PriorityPick.Selection.NONE
                    : pick.pickNewest(rest, mergedMaxEntries, now, DropReason.BUDGET);
            from += selection.consumed();
            // A cut merge stands, in each family, right before the first entry it did not take.
            Cursor cursor = from == entries.size() || through == null ? through : cursorAfter.apply(from);
            states.addAll(selection.repairs());
            queue.addLast(Outgoing.of(new Block(new BlockHeader(room, cursor, now), selection.chosen(),
                    skipped.plus(selection.skipped()), StateRepairs.newest(states))));
            skipped = SkipCounts.NONE;
            states = new ArrayList<>();
        } while (from < entries.size());
    }
}
