package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's outbound side, for its {@link SessionHandler}: writes blocks (a shared
 * frame from its loop's {@link LoopOutput}), asks its loop for one flush of what it wrote (at the end of
 * the push task that wrote, or of the turn), follows writability and
 * owns the stuck timer: a channel not writable for {@code slowTimeoutMs} is failed with
 * {@code Error{SLOW}}. A session whose client acknowledges blocks ({@code Hello.acks}) also counts as
 * not writable while its oldest unacknowledged block is older than the ack lag ({@link AckWindow}). What to write, and what to merge while the channel is not writable, is the
 * core's (its viewer keeps the pending blocks).
 *
 * <p>Per-connection; every method runs on the channel's event loop.
 */
final class ChannelOutbound {
    /** What the session does for the outbound side: its protocol frames and its failures. */
    interface Session {
        void fail(String code, String message);

        /** The channel takes writes again. */
        void writable();

        /** The client acknowledged what it had been sent after falling behind. */
        void caughtUp();
    }

    private final ChannelHandlerContext ctx;
    /**
     * Where ready frames (blocks) are written and flushed from: the frame encoder's context, so that
     * they go straight to TLS (or the socket) without walking the contexts between the session and the
     * encoder (the two decoders, the idle timer, the limiter: one more object of the connection read
     * from memory each, per block) nor running the idle timer, which watches no writes, and the
     * encoder, which passes buffers through. No outbound handler that must see blocks may sit between
     * the session and the encoder. The session's own context when the pipeline has no encoder (tests).
     */
    private final ChannelHandlerContext frames;
    private final LoopOutput output;
    private final SessionServices services;
    private final Session session;
    private ScheduledFuture<?> stuckTimer;
    private AckWindow acks;
    private boolean heldForAcks;
    private boolean dirty;

    ChannelOutbound(ChannelHandlerContext ctx, LoopOutput output, SessionServices services, Session session) {
        this.ctx = ctx;
        ChannelHandlerContext encoder = ctx.pipeline().context(ServerFrameEncoder.class);
        this.frames = encoder != null ? encoder : ctx;
        this.output = output;
        this.services = services;
        this.session = session;
    }

    /**
     * Writable: the connection takes more, its client (with acks) has read what is older than the
     * ack lag, and the node's outbound budget has room.
     */
    boolean isWritable() {
        if (!ctx.channel().isWritable()) {
            return false;
        }
        if (acks != null && acks.behind(now())) {
            heldForAcks = true;
            startTimer();
            return false;
        }
        OutboundBudget budget = services.budget();
        if (budget != null && !budget.hasRoom()) {
            output.waitForBudget(this);
            return false;
        }
        return true;
    }

    void write(Outgoing block) {
        ByteBuf frame = output.frameOf(block, ctx.alloc());
        int bytes = frame.readableBytes();
        if (acks != null) {
            acks.sent(now(), bytes);
        }
        services.metrics().blockSent(bytes, block.block().skipped());
        OutboundBudget budget = services.budget();
        // With TLS every write is a copy of its own (its ciphertext); on plain TCP only a viewer's own
        // block is (merged, re-picked, replayed): a shared block's frame is one buffer per loop.
        if (budget == null || !services.config().tls().enabled() && block.isShared()) {
            frames.write(frame);
        } else {
            budget.add(bytes);
            frames.write(frame).addListener(done -> budget.release(bytes));
        }
        output.markDirty(this);
    }

    /** From now on the client acknowledges blocks: none unread older than {@code lagMillis}, nor more than {@code windowBytes}. */
    void useAcks(long lagMillis, long windowBytes) {
        acks = new AckWindow(lagMillis, windowBytes);
    }

    /**
     * The client has read {@code blocks} blocks in all (an Ack frame); a viewer held for acks takes
     * its blocks again.
     *
     * @return false when the frame is not acceptable: no acks were asked for, or more blocks are
     *     acknowledged than were written
     */
    boolean acked(long blocks) {
        if (acks == null || !acks.acked(blocks)) {
            return false;
        }
        if (heldForAcks && !acks.behind(now())) {
            heldForAcks = false;
            if (ctx.channel().isWritable()) {
                stopTimer();
            }
            session.caughtUp();
        }
        return true;
    }

    /** The node's outbound budget has room again. */
    void budgetAvailable() {
        if (ctx.channel().isActive()) {
            session.writable();
        }
    }

    /** Writes a control frame (Welcome...) in turn with the blocks; flushed at the end of this turn. */
    void writeFrame(ServerFrame frame) {
        ctx.write(frame);
        output.markDirty(this);
    }

    /** The viewer's pending blocks were merged. */
    void merged() {
        services.metrics().slowMerge();
    }

    /** @return true when this marks the connection for the end-of-turn flush (it was not yet) */
    boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    /** Flushes what was written since the last flush; called by {@link LoopOutput}, once per batch of writes. */
    void flush() {
        dirty = false;
        frames.flush();
    }

    /** The channel's writability changed: drain what waits, or start the stuck timer. */
    void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            if (!heldForAcks) {
                stopTimer();
            }
            session.writable();
        } else {
            startTimer();
        }
    }

    private void startTimer() {
        if (stuckTimer != null) {
            return;
        }
        stuckTimer = ctx.executor().schedule(() -> {
            stuckTimer = null;
            if (!ctx.channel().isWritable() || heldForAcks && acks.behind(now())) {
                services.metrics().slowClose();
                session.fail(WireErrors.SLOW, "the connection did not read for " + services.config().flow().slowTimeoutMs()
                        + " ms; reconnect and resume with the last cursor");
            }
        }, services.config().flow().slowTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** The session is closing: no timer, no waiting for the budget. */
    void close() {
        output.forget(this);
        stopTimer();
    }

    /** The loop's clock (a test's embedded loop moves it by hand). */
    private long now() {
        return ctx.executor() instanceof AbstractScheduledEventExecutor loop ? loop.ticker().nanoTime() : System.nanoTime();
    }

    private void stopTimer() {
        if (stuckTimer != null) {
            stuckTimer.cancel(false);
            stuckTimer = null;
        }
    }
}
