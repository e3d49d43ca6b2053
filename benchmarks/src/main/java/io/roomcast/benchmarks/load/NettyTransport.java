package io.roomcast.benchmarks.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The generator's client-side Netty threads: epoll when the native transport loads (Linux), NIO
 * otherwise, or NIO when asked (the {@code client} module's connections need an NIO group).
 * Shut down with {@link #close()}.
 */
final class NettyTransport implements AutoCloseable {
    final EventLoopGroup group;
    final Class<? extends SocketChannel> channelType;
    final String name;

    private NettyTransport(EventLoopGroup group, Class<? extends SocketChannel> channelType, String name) {
        this.group = group;
        this.channelType = channelType;
        this.name = name;
    }

    static NettyTransport create(int threads, boolean nioOnly, String threadName) {
        boolean epoll = !nioOnly && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), io);
        return new NettyTransport(group, epoll ? EpollSocketChannel.class : NioSocketChannel.class,
                (epoll ? "epoll" : "nio") + ", " + threads + " event loop thread" + (threads == 1 ? "" : "s"));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
