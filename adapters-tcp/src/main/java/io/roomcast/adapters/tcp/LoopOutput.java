package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.frame.Frames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The write side of one event loop: the frames of the blocks its viewers are written, and one flush
 * per turn.
 *
 * <p>Frames: a block of a room is one {@link Outgoing} for every viewer; its bytes (the
 * {@code ServerFrame}, encoded once per node by the first loop that needs them) are copied once per
 * loop into a direct buffer, and every viewer on the loop is written a retained duplicate of it.
 * The last {@value #FRAMES} shared frames are kept, so a viewer that writes a waiting block a little
 * later still shares it; an older one is released here (viewers' writes hold their own references).
 * A viewer's own block (personal, merged, replayed) is encoded for it alone.
 *
 * <p>Budget: connections that found the node's {@link OutboundBudget} spent wait here, in order,
 * until it has room again.
 *
 * <p>Flush: a connection written to asks for one flush at the end of the turn, in a task queued
 * behind whatever batches are already waiting: one flush per turn, not one per block.
 *
 * <p>Not thread-safe by design: every method runs on {@link #loop}.
 */
final class LoopOutput {
    /** Recent frames kept per loop (a viewer's pending queue is about this long before it merges). */
    static final int FRAMES = 16;

    final EventLoop loop;
    final NettyLoop tasks;
    private final Outgoing[] blocks = new Outgoing[FRAMES];
    private final ByteBuf[] frames = new ByteBuf[FRAMES];
    private int next;
    private final Set<ChannelOutbound> waiting = new LinkedHashSet<>();
    private List<ChannelOutbound> dirty = new ArrayList<>();
    private List<ChannelOutbound> flushing = new ArrayList<>();
    private boolean flushQueued;

    LoopOutput(EventLoop loop) {
        this.loop = loop;
        this.tasks = new NettyLoop(loop);
    }

    /** The frame of {@code block} (varint32 prefix + ServerFrame); the caller owns one reference and writes it. */
    ByteBuf frameOf(Outgoing block, ByteBufAllocator alloc) {
        if (!block.isShared()) {
            // One viewer's own block (personal, merged, replayed): nobody to share it with.
            return frame(BlockCodec.encodeServerFrame(block.block()), alloc);
        }
        for (int i = 0; i < FRAMES; i++) {
            if (blocks[i] == block) {
                // Released by the channel once written.
                return frames[i].retainedDuplicate();
            }
        }
        ByteBuf frame = frame(block.encoded(BlockCodec::encodeServerFrame), alloc);
        if (frames[next] != null) {
            frames[next].release();
        }
        blocks[next] = block;
        // This cache's own reference: released when the slot is reused or the loop's output is cleared.
        frames[next] = frame;
        next = (next + 1) % FRAMES;
        return frame.retainedDuplicate();
    }

    /** Releases the kept frames (the server is stopping). */
    void clear() {
        for (int i = 0; i < FRAMES; i++) {
            if (frames[i] != null) {
                frames[i].release();
                frames[i] = null;
                blocks[i] = null;
            }
        }
    }

    /** {@code out} could not write for want of the node's outbound budget: wake it when there is room. */
    void waitForBudget(ChannelOutbound out) {
        waiting.add(out);
    }

    /** {@code out} is closing: it waits for nothing any more. */
    void forget(ChannelOutbound out) {
        waiting.remove(out);
    }

    /** The budget has room again: the connections that waited write what they hold, oldest waiter first. */
    void wakeWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        ChannelOutbound[] woken = waiting.toArray(new ChannelOutbound[0]);
        waiting.clear();
        for (ChannelOutbound out : woken) {
            out.budgetAvailable();
        }
    }

    /** Asks for one flush of {@code out} at the end of this turn. */
    void markDirty(ChannelOutbound out) {
        if (!out.markDirty()) {
            return;
        }
        dirty.add(out);
        if (!flushQueued) {
            flushQueued = true;
            try {
                loop.execute(this::flushDirty);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: flush now rather than never.
                flushDirty();
            }
        }
    }

    private void flushDirty() {
        flushQueued = false;
        // Swap first: a flush may make a connection writable again and mark it dirty anew.
        List<ChannelOutbound> now = dirty;
        dirty = flushing;
        flushing = now;
        for (ChannelOutbound out : now) {
            out.flush();
        }
        now.clear();
    }

    private static ByteBuf frame(byte[] body, ByteBufAllocator alloc) {
        ByteBuf frame = alloc.directBuffer(Frames.MAX_PREFIX_BYTES + body.length);
        writeVarint32(frame, body.length);
        frame.writeBytes(body);
        return frame;
    }

    private static void writeVarint32(ByteBuf buf, int value) {
        while ((value & ~0x7F) != 0) {
            buf.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }
}
