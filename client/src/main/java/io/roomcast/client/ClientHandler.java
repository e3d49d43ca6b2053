package io.roomcast.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.roomcast.protocol.v1.Ack;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.concurrent.TimeoutException;

/**
 * The client end of one connection: hands frames and connection events to its
 * {@link LongConnection}, sends a {@code Ping} when nothing was written for a heartbeat
 * interval, and closes when the server was silent for 2.5 intervals. With acks on (the Welcome's
 * {@code ackMs}), it acknowledges the blocks the listener has taken: at the end of a read, at most
 * once per {@code ackMs}, and a timer sends what a quiet spell would leave unacknowledged.
 *
 * <p>Per-channel (not sharable): it remembers why its connection failed and its ack counts.
 */
final class ClientHandler extends SimpleChannelInboundHandler<ServerFrame> {
    private static final ClientFrame PING = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build();

    private final LongConnection client;
    private Throwable cause;
    private AckPacer acks;
    private ChannelHandlerContext ctx;

    ClientHandler(LongConnection client) {
        super(ServerFrame.class);
        this.client = client;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client.connected(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
        client.received(ctx.channel(), frame);
        if (frame.hasBlock() && acks != null) {
            acks.blockTaken();
        }
    }

    /** The session's Welcome asked for an Ack at least every {@code ackMs} (0: no acks). */
    void ackEvery(long ackMs) {
        if (acks == null) {
            acks = new AckPacer(blocks -> ctx.writeAndFlush(
                    ClientFrame.newBuilder().setAck(Ack.newBuilder().setBlocks(blocks)).build()));
        }
        acks.every(ackMs);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (acks != null) {
            acks.readDone(ctx);
        }
        ctx.fireChannelReadComplete();
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
