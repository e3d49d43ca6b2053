package io.roomcast.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.concurrent.TimeoutException;

/**
 * The client end of one connection: hands frames and connection events to its
 * {@link LongConnection}, sends a {@code Ping} when nothing was written for a heartbeat
 * interval, and closes when the server was silent for 2.5 intervals.
 *
 * <p>Per-channel (not sharable): it remembers why its connection failed.
 */
final class ClientHandler extends SimpleChannelInboundHandler<ServerFrame> {
    private static final ClientFrame PING = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build();

    private final LongConnection client;
    private Throwable cause;

    ClientHandler(LongConnection client) {
        super(ServerFrame.class);
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client.connected(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
        client.received(ctx.channel(), frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.disconnected(ctx.channel(), cause);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(PING);
            } else if (idle.state() == IdleState.READER_IDLE) {
                cause = new TimeoutException("the server sent nothing for 2.5 heartbeat intervals");
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t;
        }
        ctx.close();
    }
}
