package io.roomcast.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.roomcast.protocol.v1.ServerFrame;

/**
 * Starts one connection attempt of a {@link LongConnectionClient}: a NIO socket with the client
 * pipeline {@code [tls] -> frame-decoder -> server-frame -> frame-prefix -> frame-encoder -> session}
 * (a {@code heartbeat} handler goes in before {@code session} once the server's Welcome arrives).
 *
 * <p>Immutable and thread-safe; every handler it installs is new for each channel.
 */
final class ClientConnector {
    private final Tls tls;
    private final int connectTimeoutMillis;
    private final int maxFrameBytes;

    ClientConnector(Tls tls, int connectTimeoutMillis, int maxFrameBytes) {
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** How long a connection may take to open: TCP, TLS and the server's Welcome each within it. */
    int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** Connects to {@code target} on {@code loop}; the channel's events go to {@code client}. */
    ChannelFuture connect(EventLoop loop, Endpoint target, LongConnection client) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls.context() != null) {
                            p.addLast("tls", tls.context().newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        p.addLast("frame-decoder", new BoundedVarint32FrameDecoder(maxFrameBytes));
                        p.addLast("server-frame", new ProtobufDecoder(ServerFrame.getDefaultInstance()));
                        p.addLast("frame-prefix", new ProtobufVarint32LengthFieldPrepender());
                        p.addLast("frame-encoder", new ProtobufEncoder());
                        p.addLast("session", new ClientHandler(client));
                    }
                });
        return bootstrap.connect(target.host(), target.port());
    }
}
