package io.roomcast.adapters.tcp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.roomcast.protocol.v1.ClientFrame;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every long connection, inbound from the socket:
 *
 * <pre>
 *   tls            SslHandler (unless TLS is off)                 per-channel
 *   frame-encoder  ServerFrame -> varint32 prefix + bytes         sharable (outbound; blocks pass as ready frames)
 *   limiter        max connections, new connections per second    sharable
 *   idle           IdleStateHandler: reader idle 2.5 heartbeats   per-channel
 *   frame-decoder  FrameDecoder: varint32 prefix, size limit      per-channel
 *   client-frame   ProtobufDecoder(ClientFrame)                   sharable
 *   session        SessionHandler                                 per-channel
 * </pre>
 *
 * <p>{@link Sharable} (as every {@link ChannelInitializer}): it only builds pipelines, adding a new
 * instance of each per-channel handler.
 */
@Sharable
final class RoomcastServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final long CLOSE_NOTIFY_MILLIS = 1_000;
    private static final ProtobufDecoder CLIENT_FRAME_DECODER = new ProtobufDecoder(ClientFrame.getDefaultInstance());

    private final SslContext ssl;
    private final ConnectionLimiter limiter;
    private final SessionServices services;
    private final ChannelGroup channels;

    /** @param ssl the server TLS context, or null for plain TCP */
    RoomcastServerInitializer(SslContext ssl, ConnectionLimiter limiter, SessionServices services, ChannelGroup channels) {
        this.ssl = ssl;
        this.limiter = limiter;
        this.services = services;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc());
            // A peer that stopped reading cannot take close_notify; do not hold its connection for long.
            tls.setCloseNotifyFlushTimeout(CLOSE_NOTIFY_MILLIS, TimeUnit.MILLISECONDS);
            p.addLast("tls", tls);
        }
        p.addLast("frame-encoder", ServerFrameEncoder.INSTANCE);
        p.addLast("limiter", limiter);
        p.addLast("idle", new IdleStateHandler(services.config().readerIdleMs(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("frame-decoder", new FrameDecoder(services.config().maxFrameBytes()));
        p.addLast("client-frame", CLIENT_FRAME_DECODER);
        p.addLast("session", new SessionHandler(services));
        channels.add(ch);
    }
}
