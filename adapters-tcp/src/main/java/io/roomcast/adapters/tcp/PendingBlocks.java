package io.roomcast.adapters.tcp;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.SkipCounts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks one connection could not take yet (it is not writable, or its resume is still being
 * read), bounded. Past {@code maxBlocks} they are merged into one block for this connection alone:
 * the most important entries within {@code mergedMaxEntries} (stale ones out, states collapsed,
 * CRITICAL never dropped, by {@link PriorityPick} with {@link DropReason#BUDGET}), the rest
 * counted in its skipped counts, and its cursor the last block's: the viewer misses only what it
 * is told it missed. A merged block is encoded when it is written.
 *
 * <p>Holds one reference of each queued frame and releases it when the block is merged, cleared
 * or handed out by {@link #poll()} (the taker then owns it). Not thread-safe: used on the
 * connection's event loop.
 */
final class PendingBlocks {
    private final ArrayDeque<EncodedBlock> queue = new ArrayDeque<>();
    private final int maxBlocks;
    private final int mergedMaxEntries;
    private final PriorityPick pick;

    PendingBlocks(int maxBlocks, int mergedMaxEntries, PriorityPick pick) {
        this.maxBlocks = maxBlocks;
        this.mergedMaxEntries = mergedMaxEntries;
        this.pick = pick;
    }

    /**
     * Queues a block whose reference the queue now owns; merges when over the bound.
     *
     * @return true when this add merged the queue
     */
    boolean add(EncodedBlock block, long now) {
        queue.addLast(block);
        if (queue.size() > maxBlocks) {
            merge(now);
            return true;
        }
        return false;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** The oldest block; the caller owns its reference (its frame may be null: encode it). */
    EncodedBlock poll() {
        return queue.pollFirst();
    }

    void clear() {
        EncodedBlock b;
        while ((b = queue.pollFirst()) != null) {
            b.release();
        }
    }

    private void merge(long now) {
        List<Message> entries = new ArrayList<>();
        SkipCounts skipped = SkipCounts.NONE;
        Cursor through = null;
        RoomId room = null;
        EncodedBlock b;
        while ((b = queue.pollFirst()) != null) {
            BlockHeader header = b.block.header();
            entries.addAll(b.block.entries());
            skipped = skipped.plus(b.block.skipped());
            if (header.through() != null) {
                through = header.through();
            }
            room = header.roomId();
            b.release();
        }
        // Usually one block; more only when CRITICAL messages (never dropped) overflow one block.
        int from = 0;
        do {
            List<Message> rest = entries.subList(from, entries.size());
            PriorityPick.Selection selection = pick.pick(rest, mergedMaxEntries, now, DropReason.BUDGET);
            from += selection.consumed();
            Cursor cursor = from == entries.size() ? through : rest.get(selection.consumed() - 1).position();
            queue.addLast(unencoded(new Block(new BlockHeader(room, cursor, now), selection.chosen(),
                    skipped.plus(selection.skipped()))));
            skipped = SkipCounts.NONE;
        } while (from < entries.size());
    }

    private static EncodedBlock unencoded(Block block) {
        return new EncodedBlock(block, null);
    }
}
