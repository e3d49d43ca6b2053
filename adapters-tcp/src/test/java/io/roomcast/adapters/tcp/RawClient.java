package io.roomcast.adapters.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;

/**
 * A TLS connection that sends whatever bytes a test gives it (garbage included) and records the
 * server frames it gets back, for the bad-input tests.
 */
final class RawClient implements AutoCloseable {
    private static final SslContext INSECURE;

    static {
        try {
            INSECURE = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null).build();
        } catch (SSLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Channel channel;
    final List<ServerFrame> frames = new CopyOnWriteArrayList<>();

    RawClient(EventLoopGroup group, int port, boolean tls) {
        this(group, port, tls, 0);
    }

    /** @param receiveBuffer SO_RCVBUF, and reading off (a viewer that stops reading); 0: default and reading */
    RawClient(EventLoopGroup group, int port, boolean tls, int receiveBuffer) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        if (receiveBuffer > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer).option(ChannelOption.AUTO_READ, false);
        }
        channel = bootstrap
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls) {
                            ch.pipeline().addLast(INSECURE.newHandler(ch.alloc(), "127.0.0.1", port));
                        }
                        ch.pipeline().addLast(new ProtobufVarint32FrameDecoder(),
                                new ProtobufDecoder(ServerFrame.getDefaultInstance()),
                                new SimpleChannelInboundHandler<ServerFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
                                        frames.add(frame);
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).syncUninterruptibly().channel();
    }

    void send(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    void send(ClientFrame frame) {
        send(Frames.encode(frame));
    }

    /** Reads again (after a receive-buffer constructor turned reading off). */
    void resumeReading() {
        channel.config().setAutoRead(true);
        channel.read();
    }

    boolean isClosed() {
        return !channel.isActive();
    }

    ServerFrame.FrameCase firstFrameCase() {
        return frames.isEmpty() ? null : frames.get(0).getFrameCase();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
