package io.roomcast.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What a fleet of long connections over Netty shares, whatever it speaks: the paced ramp (at most
 * {@code max(200, rate)} connections between connect and open session), the connect over the
 * given source addresses, reconnects with jittered exponential backoff after a failure or a close,
 * and the session accounting of {@link DeliveryStats} ({@code live}, {@code sessions},
 * {@code disconnects}, connect failures). A subclass builds each connection's pipeline around its
 * own {@link Connection} handler. Thread-safe: {@link #open} runs a ramp thread; each connection's
 * handler runs on its event loop.
 */
abstract class NettyFleet implements Viewers {
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    protected final NettyTransport transport;
    /** The nodes to connect to: viewer {@code i} goes to {@code targets[NodeSpread.node(i, targets.size())]}. */
    protected final List<InetSocketAddress> targets;
    protected final List<InetAddress> sources;
    protected final DeliveryStats stats;
    private final ChannelGroup channels = new DefaultChannelGroup("viewers", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger handshaking = new AtomicInteger();
    private volatile boolean closing;
    private Thread ramp;

    /** @param sources local addresses to spread connections over (empty: the kernel's choice) */
    NettyFleet(NettyTransport transport, InetSocketAddress target, List<InetAddress> sources, DeliveryStats stats) {
        this(transport, List.of(target), sources, stats);
    }

    /** @param targets the nodes, viewers spread round-robin over them ({@link NodeSpread}) */
    NettyFleet(NettyTransport transport, List<InetSocketAddress> targets, List<InetAddress> sources, DeliveryStats stats) {
        this.transport = transport;
        this.targets = List.copyOf(targets);
        this.sources = List.copyOf(sources);
        this.stats = stats;
    }

    /** Adds the handlers of one connection to its new channel; {@code cursor} and {@code attempt} as in {@link #connect}. */
    protected abstract void initChannel(Channel ch, Spec spec, int index, String cursor, int attempt);

    @Override
    public void open(List<Spec> specs, double perSecond) {
        int maxHandshaking = (int) Math.max(200, perSecond);
        ramp = new Thread(() -> {
            long begin = System.nanoTime();
            for (int i = 0; i < specs.size() && !closing; i++) {
                long due = begin + (long) (i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0 && !closing) {
                    LockSupport.parkNanos(wait);
                }
                while (handshaking.get() >= maxHandshaking && !closing) {
                    LockSupport.parkNanos(1_000_000);
                }
                started.incrementAndGet();
                connect(specs.get(i), i, null, 0);
            }
        }, "viewer-ramp");
        ramp.setDaemon(true);
        ramp.start();
    }

    @Override
    public int started() {
        return started.get();
    }

    /** Connects viewer {@code index}; {@code cursor}: where a reconnect resumes (null: fresh); {@code attempt}: failures in a row. */
    private void connect(Spec spec, int index, String cursor, int attempt) {
        if (closing) {
            return;
        }
        handshaking.incrementAndGet();
        Bootstrap bootstrap = new Bootstrap()
                .group(transport.group)
                .channel(transport.channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        NettyFleet.this.initChannel(ch, spec, index, cursor, attempt);
                    }
                });
        InetSocketAddress target = targets.get(NodeSpread.node(index, targets.size()));
        ChannelFuture connecting = sources.isEmpty()
                ? bootstrap.connect(target)
                : bootstrap.connect(target, new InetSocketAddress(sources.get(index % sources.size()), 0));
        channels.add(connecting.channel());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                handshaking.decrementAndGet();
                stats.connectFailures.increment();
                stats.error("connect: " + f.cause().getClass().getSimpleName());
                retry(spec, index, cursor, attempt + 1, connecting.channel());
            }
        });
    }

    private void retry(Spec spec, int index, String cursor, int attempt, Channel on) {
        if (closing) {
            return;
        }
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 5));
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        on.eventLoop().schedule(() -> connect(spec, index, cursor, attempt), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        if (ramp != null) {
            ramp.interrupt();
        }
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /**
     * One connection's handler: counts its session live from the first {@link #sessionOpened()}
     * until the channel closes, then reconnects (resuming at {@link #resumeCursor()}). Per-channel.
     */
    abstract class Connection extends ChannelInboundHandlerAdapter {
        protected final Spec spec;
        protected final int index;
        /** The node this connection goes to (0: the first, which the publisher uses). */
        protected final int node;
        private final int attempt;
        /** When the read being handled arrived (epoch microseconds) on a sampled connection; 0 on the others. */
        protected long nowMicros;
        private boolean opened;
        private boolean counted;

        Connection(Spec spec, int index, int attempt) {
            this.spec = spec;
            this.index = index;
            this.node = NodeSpread.node(index, targets.size());
            this.attempt = attempt;
        }

        /** Walks the bytes of one read; the buffer is released after. */
        protected abstract void feed(ByteBuf in);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                stats.bytes.add(in.readableBytes());
                nowMicros = spec.sampled() ? Payloads.nowMicros() : 0;
                feed(in);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The server opened a session (a Welcome, a subscribe confirmation); true the first time on this channel. */
        protected final boolean sessionOpened() {
            stats.sessions.increment();
            if (opened) {
                return false;
            }
            opened = true;
            counted = true;
            handshaking.decrementAndGet();
            stats.live.incrementAndGet();
            return true;
        }

        /** Where a reconnect resumes; null: from now on. */
        protected String resumeCursor() {
            return null;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                counted = false;
                stats.live.decrementAndGet();
            } else {
                handshaking.decrementAndGet();
            }
            stats.disconnects.increment();
            retry(spec, index, resumeCursor(), opened ? 0 : attempt + 1, ctx.channel());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.error("exception: " + rootName(cause));
            ctx.close();
        }
    }

    private static String rootName(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
