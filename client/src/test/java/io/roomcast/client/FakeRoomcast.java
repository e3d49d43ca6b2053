package io.roomcast.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.roomcast.protocol.v1.ClientFrame;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted stand-in for a roomcast node (plain TCP, the real frame format), for the client's
 * own tests: it records every client frame and lets the test answer each.
 */
final class FakeRoomcast implements AutoCloseable {
    /** A frame and the connection number (0, 1, ...) it came on. */
    record Received(int connection, ClientFrame frame) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    /** @param script called for each frame with the connection's channel and its number */
    FakeRoomcast(BiConsumer<Channel, Received> script) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int number = connections.getAndIncrement();
                        ch.pipeline().addLast(new ProtobufVarint32FrameDecoder(),
                                new ProtobufDecoder(ClientFrame.getDefaultInstance()),
                                new ProtobufVarint32LengthFieldPrepender(), new ProtobufEncoder(),
                                new SimpleChannelInboundHandler<ClientFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
                                        Received r = new Received(number, frame);
                                        received.add(r);
                                        script.accept(ctx.channel(), r);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<ClientFrame> hellos() {
        return received.stream().map(Received::frame).filter(ClientFrame::hasHello).toList();
    }

    long pings() {
        return received.stream().map(Received::frame).filter(ClientFrame::hasPing).count();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
