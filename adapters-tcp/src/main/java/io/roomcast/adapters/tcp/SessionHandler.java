package io.roomcast.adapters.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long connection as a session transport: decodes each {@code ClientFrame} into a call on the
 * transport-neutral {@link ViewerSession} (which holds the Hello/Welcome/Join/Leave/Ack state
 * machine), and writes what the session tells it to ({@link SessionTransport}): Welcome, Pong,
 * Error, GoAway, and blocks through {@link ChannelOutbound}. Pipeline events (idle, writability, a
 * failed handshake, decoder errors, the close) become session calls too.
 *
 * <p>Per-channel (not sharable): it holds one connection's state. Every method runs on the
 * channel's event loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<ClientFrame>
        implements SessionTransport, ChannelOutbound.Session {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final ServerFrame PONG = ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build();
    /** A peer that does not read its Error is closed after this long anyway. */
    static final long ERROR_CLOSE_MILLIS = 1_000;
    /** Join/Leave frames accepted while the session is still authenticating or replaying. */
    static final int MAX_DEFERRED_ROOM_CHANGES = ViewerSession.MAX_DEFERRED_ROOM_CHANGES;

    private final SessionServices services;
    private ChannelHandlerContext ctx;
    private ChannelOutbound outbound;
    private ViewerSession session;

    SessionHandler(SessionServices services) {
        super(ClientFrame.class);
        this.services = services;
    }

    String sessionId() {
        return session.id();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        LoopOutput output = services.outputs().of(ctx.channel().eventLoop());
        this.outbound = new ChannelOutbound(ctx, output, services, this);
        this.session = services.sessions().open(output.tasks, this, services.blocking());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.connected();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        switch (frame.getFrameCase()) {
            case HELLO -> {
                Hello h = frame.getHello();
                session.hello(new SessionHello(h.getToken(), h.getRoomId(), h.getCursor(), h.getAcks()));
            }
            case JOIN -> session.join(frame.getJoin().getRoomId());
            case LEAVE -> session.leave(frame.getLeave().getRoomId());
            case PING -> session.ping();
            case ACK -> session.ack(frame.getAck().getBlocks());
            case FRAME_NOT_SET -> session.unknownFrame();
        }
    }

    // SessionTransport: what the session writes.

    @Override
    public boolean isWritable() {
        return outbound.isWritable();
    }

    @Override
    public void write(Outgoing block) {
        outbound.write(block);
    }

    @Override
    public void merged() {
        outbound.merged();
    }

    @Override
    public void welcome(String sessionId, long heartbeatMs, long ackMs, Cursor cursor) {
        outbound.writeFrame(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setSessionId(sessionId)
                .setHeartbeatMs((int) heartbeatMs)
                .setAckMs((int) ackMs)
                .setCursor(cursor.encode())).build());
    }

    @Override
    public void pong() {
        // A client that pings but does not read gets no Pong queued for it.
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(PONG);
        }
    }

    @Override
    public boolean useAcks(long lagMillis, long windowBytes) {
        outbound.useAcks(lagMillis, windowBytes);
        return true;
    }

    @Override
    public boolean acked(long blocks) {
        return outbound.acked(blocks);
    }

    @Override
    public void error(String code, String message) {
        services.metrics().error(code);
        ctx.writeAndFlush(WireErrors.frame(code, message)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, ERROR_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void goAway(long reconnectAfterMs, List<String> endpoints) {
        ctx.writeAndFlush(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder()
                .setReconnectAfterMs((int) reconnectAfterMs).addAllEndpoints(endpoints)).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void release() {
        outbound.close();
    }

    // ChannelOutbound.Session: the outbound side's events.

    @Override
    public void fail(String code, String message) {
        session.fail(code, message);
    }

    @Override
    public void writable() {
        session.writable();
    }

    @Override
    public void caughtUp() {
        session.caughtUp();
    }

    /** The server is draining: GoAway, then close once it is written. */
    void goAway(GoAway goAway) {
        session.goAway(goAway.getReconnectAfterMs(), goAway.getEndpointsList());
    }

    // Pipeline events.

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!session.isClosing()) {
            outbound.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            session.fail(WireErrors.IDLE, "nothing received for " + services.config().readerIdleMs()
                    + " ms (heartbeat every " + services.config().heartbeatMs() + " ms)");
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            session.closed();
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WireErrors.Failure failure = WireErrors.of(cause);
        if (failure == WireErrors.SILENT) {
            session.closed();
            ctx.close();
        } else if (failure != null) {
            session.fail(failure.code(), failure.message());
        } else {
            LOG.warn("session {}: unexpected error", session.id(), cause);
            session.fail(WireErrors.code(ErrorCode.INTERNAL), "internal error; reconnect");
        }
    }

    /** For tests: the session's room now, or null. */
    RoomId room() {
        return session.room();
    }

    /** For tests: blocks waiting for this connection. */
    int pendingBlocks() {
        return session.pending();
    }
}
