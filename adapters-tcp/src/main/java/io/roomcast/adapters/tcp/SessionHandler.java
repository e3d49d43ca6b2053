package io.roomcast.adapters.tcp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long connection's session: {@code Hello} (token check, then Welcome, latest states,
 * backlog, live blocks), {@code Join}/{@code Leave} (switch rooms: one room at a time),
 * {@code Ping}/{@code Pong}, and the viewer's side of the push path with backpressure.
 *
 * <p>States: {@code HELLO} (nothing but Hello is accepted) -> {@code AUTHENTICATING} (the token
 * is checked off the loop) -> {@code RESUMING} (subscribed; live blocks wait in the pending queue
 * while the replay is read off the loop) -> {@code LIVE} -> {@code CLOSING}. Any protocol error
 * sends {@code Error{code}} and closes this connection alone.
 *
 * <p>Backpressure: a block is written at once while the channel is writable (below the write
 * buffer's high watermark) and nothing waits before it; otherwise it joins the bounded
 * {@link PendingBlocks}, which merges by priority past its bound. When the channel drains below
 * the low watermark the pending blocks go out. A channel not writable for {@code slowTimeoutMs}
 * gets {@code Error{SLOW}} and is closed; the viewer resumes with its cursor. None of this touches
 * another connection.
 *
 * <p>Per-channel (not sharable): it holds one connection's state. Every method runs on the
 * channel's event loop; blocking work is sent to {@link SessionServices#blocking()} and its result
 * comes back with a task on the loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<ClientFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final ServerFrame PONG = ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build();
    /** A peer that does not read its Error is closed after this long anyway. */
    static final long ERROR_CLOSE_MILLIS = 1_000;

    private enum State { HELLO, AUTHENTICATING, RESUMING, LIVE, CLOSING }

    /** A Join or Leave that arrived while a session was still being set up. */
    private record RoomChange(RoomId room, boolean join) {
    }

    private final SessionServices services;
    private final String sessionId;
    private final PendingBlocks pending;
    private ChannelHandlerContext ctx;
    private LoopSubscribers subscribers;
    private State state = State.HELLO;
    private UserId user;
    private RoomId room;
    private Cursor floor;
    private int generation;
    /** Join/Leave frames accepted while the session is still authenticating or replaying. */
    static final int MAX_DEFERRED_ROOM_CHANGES = 16;

    private final List<RoomChange> deferred = new ArrayList<>();
    private ScheduledFuture<?> helloTimer;
    private ScheduledFuture<?> stuckTimer;
    /** Set and cleared by {@link LoopSubscribers} to flush once per turn. */
    boolean dirty;

    SessionHandler(SessionServices services) {
        super(ClientFrame.class);
        this.services = services;
        this.sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.pending = new PendingBlocks(services.config().maxPendingBlocks(),
                services.config().mergedBlockMaxEntries(), services.pick());
    }

    UserId user() {
        return user;
    }

    String sessionId() {
        return sessionId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.subscribers = services.fanout().subscribersOf(ctx.channel().eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        helloTimer = ctx.executor().schedule(() -> {
            if (state == State.HELLO) {
                fail(WireErrors.UNAUTHENTICATED, "no Hello within " + services.config().helloTimeoutMs() + " ms");
            }
        }, services.config().helloTimeoutMs(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        if (state == State.CLOSING) {
            return;
        }
        switch (frame.getFrameCase()) {
            case HELLO -> hello(frame.getHello());
            case JOIN -> roomChange(frame.getJoin().getRoomId(), true);
            case LEAVE -> roomChange(frame.getLeave().getRoomId(), false);
            case PING -> {
                // A client that pings but does not read gets no Pong queued for it.
                if (requireHello() && ctx.channel().isWritable()) {
                    ctx.writeAndFlush(PONG);
                }
            }
            case FRAME_NOT_SET -> fail(WireErrors.BAD_FRAME,
                    "unknown frame type: this server knows hello, join, leave and ping");
        }
    }

    private boolean requireHello() {
        if (state == State.HELLO) {
            fail(WireErrors.UNAUTHENTICATED, "send Hello first");
            return false;
        }
        return true;
    }

    private void hello(Hello hello) {
        if (state != State.HELLO) {
            fail(WireErrors.BAD_FRAME, "Hello was already received on this connection");
            return;
        }
        RoomId target;
        Cursor from;
        try {
            target = RoomId.of(hello.getRoomId());
            from = hello.getCursor().isEmpty() ? null : Cursor.parse(hello.getCursor());
        } catch (RoomcastException e) {
            fail(WireErrors.code(e.code()), e.getMessage());
            return;
        }
        if (hello.getToken().isEmpty()) {
            fail(WireErrors.UNAUTHENTICATED, "Hello.token is empty: send the user token");
            return;
        }
        state = State.AUTHENTICATING;
        cancel(helloTimer);
        String token = hello.getToken();
        offLoop(() -> {
            UserId verified = services.tokens().verify(token);
            onLoop(() -> authenticated(verified, target, from));
        });
    }

    private void authenticated(UserId verified, RoomId target, Cursor from) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        user = verified;
        enter(target, from, true);
    }

    /** Subscribes first, then reads the replay: a message is either in the replay or in a live block. */
    private void enter(RoomId target, Cursor from, boolean welcome) {
        int gen = ++generation;
        room = target;
        floor = null;
        state = State.RESUMING;
        subscribers.subscribe(this, target, user);
        services.directory().join(target, sessionId);
        UserId viewer = user;
        offLoop(() -> {
            ResumeReader.Replay replay = services.resume().read(target, viewer, from, welcome ? sessionId : null);
            onLoop(() -> replayed(gen, replay));
        });
    }

    /**
     * The replay is read: Welcome at once, then the replay and the live blocks that waited for it
     * go through the pending queue like any block, so a connection that cannot take them now is
     * merged by priority instead of buffered without bound.
     */
    private void replayed(int gen, ResumeReader.Replay replay) {
        if (gen != generation || state != State.RESUMING) {
            return;
        }
        if (replay.welcome() != null) {
            ctx.write(buffer(replay.welcome()));
        }
        floor = replay.floor();
        List<EncodedBlock> live = new ArrayList<>(pending.size());
        EncodedBlock waiting;
        while ((waiting = pending.poll()) != null) {
            live.add(waiting);
        }
        for (ResumeReader.ReplayBlock block : replay.blocks()) {
            hold(new EncodedBlock(block.block(), buffer(block.frame())));
        }
        for (EncodedBlock block : live) {
            EncodedBlock newer = aboveFloor(block);
            if (newer != null) {
                hold(newer);
            }
        }
        state = State.LIVE;
        drainPending();
        ctx.flush();
        while (state == State.LIVE && !deferred.isEmpty()) {
            RoomChange change = deferred.remove(0);
            applyRoomChange(change.room(), change.join());
        }
    }

    private void roomChange(String roomId, boolean join) {
        if (!requireHello()) {
            return;
        }
        RoomId target;
        try {
            target = RoomId.of(roomId);
        } catch (RoomcastException e) {
            fail(WireErrors.code(e.code()), e.getMessage());
            return;
        }
        if (state == State.LIVE) {
            applyRoomChange(target, join);
        } else if (deferred.size() < MAX_DEFERRED_ROOM_CHANGES) {
            deferred.add(new RoomChange(target, join));
        } else {
            // Each deferred change is a store read later: a client may not queue them without end.
            fail(WireErrors.RATE_LIMITED, "too many Join/Leave frames while the session is starting (at most "
                    + MAX_DEFERRED_ROOM_CHANGES + ")");
        }
    }

    private void applyRoomChange(RoomId target, boolean join) {
        if (join && !target.equals(room)) {
            leaveRoom();
            enter(target, null, false);
        } else if (!join && target.equals(room)) {
            leaveRoom();
        }
    }

    private void leaveRoom() {
        if (room == null) {
            return;
        }
        subscribers.unsubscribe(this, room, user);
        services.directory().leave(room, sessionId);
        room = null;
        floor = null;
        pending.clear();
        generation++;
    }

    /** A block of this session's room from the fan-out (on this loop). Takes a duplicate; the caller keeps its own reference. */
    void offer(EncodedBlock block) {
        if (state == State.RESUMING) {
            // Released by the pending queue (merge, clear) or by the transport once written.
            hold(block.retainedDuplicate());
        } else if (state == State.LIVE) {
            // Released by the pending queue (merge, clear), by the transport once written, or by aboveFloor.
            EncodedBlock mine = aboveFloor(block.retainedDuplicate());
            if (mine == null) {
                return;
            }
            if (pending.isEmpty() && ctx.channel().isWritable()) {
                writeBlock(mine);
            } else {
                hold(mine);
                drainPending();
            }
        }
    }

    private void hold(EncodedBlock block) {
        if (pending.add(block, services.clock().millis())) {
            services.metrics().slowMerge();
        }
    }

    /**
     * The part of a block (whose reference this method takes) above the replay's floor: the block
     * itself, a re-encoded copy without the entries the replay already sent, or null when the
     * replay covered all of it.
     */
    private EncodedBlock aboveFloor(EncodedBlock block) {
        Block b = block.block;
        if (floor == null) {
            return block;
        }
        Cursor through = b.header().through();
        if (through != null && !through.isAfter(floor)) {
            block.release();
            return null;
        }
        if (b.entries().isEmpty() || b.entries().get(0).position().isAfter(floor)) {
            return block;
        }
        List<Message> newer = new ArrayList<>(b.entries().size());
        for (Message m : b.entries()) {
            if (m.position().isAfter(floor)) {
                newer.add(m);
            }
        }
        block.release();
        return new EncodedBlock(new Block(b.header(), newer, b.skipped()), null);
    }

    /** Writes a block whose reference this method takes; a block without a frame is encoded for this connection. */
    private void writeBlock(EncodedBlock block) {
        ByteBuf frame = block.frame != null ? block.frame : buffer(BlockCodec.encodeFrame(block.block));
        services.metrics().blockSent(frame.readableBytes(), block.block.skipped());
        ctx.write(frame);
        subscribers.markDirty(this);
    }

    private ByteBuf buffer(byte[] bytes) {
        return ctx.alloc().ioBuffer(bytes.length).writeBytes(bytes);
    }

    private void drainPending() {
        boolean wrote = false;
        while (state == State.LIVE && !pending.isEmpty() && ctx.channel().isWritable()) {
            writeBlock(pending.poll());
            wrote = true;
        }
        if (wrote) {
            subscribers.markDirty(this);
        }
    }

    /** Flushes what this turn wrote; called once per turn by {@link LoopSubscribers}. */
    void flush() {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            cancel(stuckTimer);
            stuckTimer = null;
            drainPending();
        } else if (stuckTimer == null && state != State.CLOSING) {
            stuckTimer = ctx.executor().schedule(() -> {
                stuckTimer = null;
                if (!ctx.channel().isWritable() && state != State.CLOSING) {
                    services.metrics().slowClose();
                    fail(WireErrors.SLOW, "the connection did not read for " + services.config().slowTimeoutMs()
                            + " ms; reconnect and resume with the last cursor");
                }
            }, services.config().slowTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The server is draining: GoAway, then close once it is written. */
    void goAway(GoAway goAway) {
        if (state == State.CLOSING) {
            return;
        }
        close();
        ctx.writeAndFlush(ServerFrame.newBuilder().setGoAway(goAway).build()).addListener(ChannelFutureListener.CLOSE);
    }

    /** Sends {@code Error{code}} and closes this connection; closes it anyway if the peer does not read. */
    void fail(String code, String message) {
        if (state == State.CLOSING) {
            return;
        }
        close();
        services.metrics().error(code);
        LOG.debug("session {}: {} {}", sessionId, code, message);
        ctx.writeAndFlush(WireErrors.frame(code, message)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, ERROR_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Leaves the room, drops what waits, stops the timers; the channel itself is closed by the caller. */
    private void close() {
        state = State.CLOSING;
        leaveRoom();
        pending.clear();
        deferred.clear();
        cancel(helloTimer);
        cancel(stuckTimer);
        stuckTimer = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (this.ctx != null) {
            close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            fail(WireErrors.IDLE, "nothing received for " + services.config().readerIdleMs() + " ms (heartbeat every "
                    + services.config().heartbeatMs() + " ms)");
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            close();
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof NotSslRecordException
                || (cause instanceof DecoderException && cause.getCause() instanceof SSLException)) {
            // Not TLS, or a failed handshake: nothing can be said to this peer in a frame.
            close();
            ctx.close();
        } else if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            fail(WireErrors.BAD_FRAME, cause.getMessage());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof InvalidProtocolBufferException) {
            fail(WireErrors.BAD_FRAME, "not a ClientFrame: " + cause.getCause().getMessage());
        } else if (cause instanceof IOException) {
            close();
            ctx.close();
        } else {
            LOG.warn("session {}: unexpected error", sessionId, cause);
            fail(WireErrors.code(ErrorCode.INTERNAL), "internal error; reconnect");
        }
    }

    /** Runs {@code task} on the blocking executor; its domain error becomes an Error frame. */
    private void offLoop(Runnable task) {
        try {
            services.blocking().execute(() -> {
                try {
                    task.run();
                } catch (RoomcastException e) {
                    onLoop(() -> fail(WireErrors.code(e.code()), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("session {}: failed off the event loop", sessionId, e);
                    onLoop(() -> fail(WireErrors.code(ErrorCode.INTERNAL), "internal error; reconnect"));
                }
            });
        } catch (RejectedExecutionException e) {
            fail(WireErrors.OVERLOADED, "this node is too busy to open sessions now; retry after a backoff");
        }
    }

    private void onLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("session {}: event loop shut down", sessionId, e);
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** For tests: the session's room now, or null. */
    RoomId room() {
        return room;
    }

    /** For tests: blocks waiting for this connection. */
    int pendingBlocks() {
        return pending.size();
    }
}
