package io.roomcast.adapters.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.roomcast.application.port.in.PushViewer;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long connection's session protocol: {@code Hello} (token check, then Welcome), {@code Join}/
 * {@code Leave} (one room at a time), {@code Ping}/{@code Pong}, {@code Ack} (when the Hello asked
 * for acks), GoAway and errors. What the viewer
 * is sent is the push core's ({@link PushViewer}); how it is written is {@link ChannelOutbound}'s.
 *
 * <p>States: {@code HELLO} (nothing but Hello is accepted) -> {@code AUTHENTICATING} (the token is
 * checked off the loop) -> {@code OPEN} -> {@code CLOSING}. While the viewer's replay is read,
 * Join/Leave frames wait (at most {@value #MAX_DEFERRED_ROOM_CHANGES}: each is a store read). Any
 * protocol error sends {@code Error{code}} and closes this connection alone.
 *
 * <p>Per-channel (not sharable): it holds one connection's state. Every method runs on the
 * channel's event loop; the token check runs on {@link SessionServices#blocking()} and its result
 * comes back with a task on the loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<ClientFrame> implements ChannelOutbound.Session {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final ServerFrame PONG = ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build();
    /** A peer that does not read its Error is closed after this long anyway. */
    static final long ERROR_CLOSE_MILLIS = 1_000;
    /** Join/Leave frames accepted while the session is still authenticating or replaying. */
    static final int MAX_DEFERRED_ROOM_CHANGES = 16;

    private enum State { HELLO, AUTHENTICATING, OPEN, CLOSING }

    /** A Join or Leave that arrived while a session was still being set up. */
    private record RoomChange(RoomId room, boolean join) {
    }

    private final SessionServices services;
    private final String sessionId;
    private final List<RoomChange> deferred = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private ChannelOutbound outbound;
    private PushViewer viewer;
    private State state = State.HELLO;
    private UserId user;
    private boolean welcomed;
    private boolean resuming;
    private boolean acks;
    private ScheduledFuture<?> helloTimer;

    SessionHandler(SessionServices services) {
        super(ClientFrame.class);
        this.services = services;
        this.sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    String sessionId() {
        return sessionId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        LoopOutput output = services.outputs().of(ctx.channel().eventLoop());
        this.outbound = new ChannelOutbound(ctx, output, services, this);
        this.viewer = services.push().open(output.tasks, outbound, sessionId);
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
            case ACK -> {
                if (requireHello() && !outbound.acked(frame.getAck().getBlocks())) {
                    fail(WireErrors.BAD_FRAME, acks ? "Ack.blocks " + Long.toUnsignedString(frame.getAck().getBlocks())
                            + " is more than the blocks sent on this connection"
                            : "Ack without acks: send Hello.acks, and acks only when Welcome.ack_ms is not 0");
                }
            }
            case FRAME_NOT_SET -> fail(WireErrors.BAD_FRAME,
                    "unknown frame type: this server knows hello, join, leave, ping and ack");
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
        if (hello.getAcks() && services.config().ackLagMs() > 0) {
            acks = true;
            outbound.useAcks(services.config().ackLagMs(), services.config().ackWindowBytes());
        }
        String token = hello.getToken();
        try {
            services.blocking().execute(() -> {
                try {
                    UserId verified = services.tokens().verify(token);
                    onLoop(() -> authenticated(verified, target, from));
                } catch (RoomcastException e) {
                    onLoop(() -> fail(WireErrors.code(e.code()), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("session {}: token check failed", sessionId, e);
                    onLoop(() -> fail(WireErrors.code(ErrorCode.INTERNAL), "internal error; reconnect"));
                }
            });
        } catch (RejectedExecutionException e) {
            overloaded();
        }
    }

    private void authenticated(UserId verified, RoomId target, Cursor from) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        state = State.OPEN;
        user = verified;
        enter(target, from);
    }

    private void enter(RoomId target, Cursor from) {
        resuming = true;
        try {
            viewer.enter(target, user, from);
        } catch (RejectedExecutionException e) {
            overloaded();
        }
    }

    private void overloaded() {
        fail(WireErrors.OVERLOADED, "this node is too busy to open sessions now; retry after a backoff");
    }

    /** The viewer's start is known: Welcome on the first room; then the Join/Leave frames that waited. */
    @Override
    public void started(Cursor start) {
        if (state != State.OPEN) {
            return;
        }
        if (!welcomed) {
            welcomed = true;
            outbound.writeFrame(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                    .setSessionId(sessionId)
                    .setHeartbeatMs((int) services.config().heartbeatMs())
                    .setAckMs(acks ? (int) Math.max(1, services.config().ackLagMs() / 4) : 0)
                    .setCursor(start.encode())).build());
        }
        resuming = false;
        if (!deferred.isEmpty()) {
            // After the viewer has written this room's replay: a change now would cut it short.
            onLoop(this::applyDeferred);
        }
    }

    private void applyDeferred() {
        while (state == State.OPEN && !resuming && !deferred.isEmpty()) {
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
        if (state == State.OPEN && !resuming && deferred.isEmpty()) {
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
        if (join && !target.equals(viewer.room())) {
            enter(target, null);
        } else if (!join && target.equals(viewer.room())) {
            viewer.leave();
        }
    }

    @Override
    public void writable() {
        if (state == State.OPEN) {
            viewer.writable();
        }
    }

    @Override
    public void caughtUp() {
        if (state == State.OPEN) {
            viewer.caughtUp();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state != State.CLOSING) {
            outbound.writabilityChanged();
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
    @Override
    public void fail(String code, String message) {
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
        if (viewer != null) {
            viewer.close();
        }
        deferred.clear();
        cancel(helloTimer);
        if (outbound != null) {
            outbound.close();
        }
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
        WireErrors.Failure failure = WireErrors.of(cause);
        if (failure == WireErrors.SILENT) {
            close();
            ctx.close();
        } else if (failure != null) {
            fail(failure.code(), failure.message());
        } else {
            LOG.warn("session {}: unexpected error", sessionId, cause);
            fail(WireErrors.code(ErrorCode.INTERNAL), "internal error; reconnect");
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
        return viewer.room();
    }

    /** For tests: blocks waiting for this connection. */
    int pendingBlocks() {
        return viewer.pending();
    }
}
