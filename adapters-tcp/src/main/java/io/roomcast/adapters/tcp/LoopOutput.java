package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.frame.Frames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The write side of one event loop: the frames of the blocks its viewers are written, and one flush
 * per turn.
 *
 * <p>Frames: a block of a room is one {@link Outgoing} for every viewer; its bytes (the
 * {@code ServerFrame}, encoded once per node by the first loop that needs them) are copied once per
 * loop into a direct buffer, and every viewer on the loop is written a retained duplicate of it.
 * Recently written shared frames are kept, up to {@link #MAX_KEPT_BYTES} (or 1/32 of the direct-memory
 * limit) per loop, least recently written out first, so a viewer that writes a waiting block later
 * (it was slow, or the node's budget was spent) still shares it; a frame pushed out is released here
 * (viewers' writes hold their own references). A viewer's own block (personal, merged, replayed) is
 * encoded for it alone.
 *
 * <p>Budget: connections that found the node's {@link OutboundBudget} spent wait here, in order,
 * until it has room again.
 *
 * <p>Flush: a connection written to asks for one flush, not one per block: at the end of the push
 * core's task that wrote it (a room's block handed to its viewers on this loop, a replay), while the
 * connection is still in the processor's cache, and otherwise (a control frame, a write on
 * writability) in a task queued behind whatever batches are already waiting.
 *
 * <p>Not thread-safe by design: every method runs on {@link #loop}.
 */
final class LoopOutput {
    /** At most this many bytes of shared frames are kept per loop (less with little direct memory). */
    static final long MAX_KEPT_BYTES = 8L << 20;

    final EventLoop loop;
    final NettyLoop tasks;
    private final long keepBytes;
    /**
     * Shared frames by {@link Outgoing#identity()}, least recently written first: keyed by a token,
     * not by the block, so that a kept frame does not keep the block's messages on the heap (seconds of
     * every room's messages, copied by each young collection and promoted, when they were the key).
     */
    private final LinkedHashMap<Object, ByteBuf> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;
    private final Set<ChannelOutbound> waiting = new LinkedHashSet<>();
    private List<ChannelOutbound> dirty = new ArrayList<>();
    private List<ChannelOutbound> flushing = new ArrayList<>();
    private boolean flushQueued;

    LoopOutput(EventLoop loop) {
        this.loop = loop;
        this.tasks = new NettyLoop(loop, this::flushDirty);
        this.keepBytes = Math.min(MAX_KEPT_BYTES, PlatformDependent.maxDirectMemory() / 32);
    }

    /** The frame of {@code block} (varint32 prefix + ServerFrame); the caller owns one reference and writes it. */
    ByteBuf frameOf(Outgoing block, ByteBufAllocator alloc) {
        if (!block.isShared()) {
            // One viewer's own block (personal, merged, replayed): nobody to share it with.
            return frame(BlockCodec.encodeServerFrame(block.block()), alloc);
        }
        Object key = block.identity();
        ByteBuf frame = kept.get(key);
        if (frame == null) {
            frame = frame(block.encoded(BlockCodec::encodeServerFrame), alloc);
            // This cache's own reference: released when the frame is pushed out or the loop's output is cleared.
            kept.put(key, frame);
            keptBytes += frame.capacity();
            while (keptBytes > keepBytes && kept.size() > 1) {
                Iterator<Map.Entry<Object, ByteBuf>> eldest = kept.entrySet().iterator();
                ByteBuf old = eldest.next().getValue();
                eldest.remove();
                keptBytes -= old.capacity();
                old.release();
            }
        }
        // Released by the channel once written.
        return frame.retainedDuplicate();
    }

    /** How many shared frames this loop keeps. */
    int keptFrames() {
        return kept.size();
    }

    /** Releases the kept frames (the server is stopping). */
    void clear() {
        kept.values().forEach(ByteBuf::release);
        kept.clear();
        keptBytes = 0;
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
                loop.execute(this::flushQueued);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: flush now rather than never.
                flushQueued();
            }
        }
    }

    /** Flushes every connection written to since the last flush (nothing to do: returns at once). */
    void flushDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        // Swap first: a flush may make a connection writable again and mark it dirty anew.
        List<ChannelOutbound> now = dirty;
        dirty = flushing;
        flushing = now;
        for (ChannelOutbound out : now) {
            out.flush();
        }
        now.clear();
    }

    private void flushQueued() {
        flushQueued = false;
        flushDirty();
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
