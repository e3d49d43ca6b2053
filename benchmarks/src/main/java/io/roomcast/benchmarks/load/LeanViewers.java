package io.roomcast.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Viewers written for load: a bare Netty pipeline (TLS if asked, then a {@link ServerFrameScanner})
 * that counts every entry and skipped count of every block without decoding blocks into objects,
 * and decodes the entries' times only on the sampled connections. It speaks the protocol of the
 * README: {@code Hello{token, room, cursor}}, {@code Ping} after each heartbeat interval without a
 * write, and after a lost connection it reconnects with backoff and the last block's cursor, so
 * nothing is lost or counted twice.
 *
 * <p>TLS handshakes are full ones: the handler is made without the peer's host and port, so the
 * JDK keeps no session to resume, as 10,000 different phones would not share one.
 *
 * <p>Thread-safe: {@link #open} runs a ramp thread; each connection's handler runs on its event loop.
 */
final class LeanViewers implements Viewers {
    private static final byte[] PING = {0x02, 0x22, 0x00};
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final NettyTransport transport;
    private final SslContext ssl;
    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final DeliveryStats stats;
    private final ChannelGroup channels = new DefaultChannelGroup("viewers", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger handshaking = new AtomicInteger();
    private volatile boolean closing;
    private Thread ramp;

    /** @param ssl the client TLS context, or null for plain TCP; @param sources local addresses to spread connections over (empty: the kernel's choice) */
    LeanViewers(NettyTransport transport, SslContext ssl, InetSocketAddress target, List<InetAddress> sources,
                DeliveryStats stats) {
        this.transport = transport;
        this.ssl = ssl;
        this.target = target;
        this.sources = List.copyOf(sources);
        this.stats = stats;
    }

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

    @Override
    public String describe() {
        return "lean Netty viewers (" + transport.name + (ssl == null ? ", plain TCP" : ", TLS: JDK provider, full handshakes")
                + (sources.isEmpty() ? "" : ", " + sources.size() + " source addresses") + ")";
    }

    private void connect(Spec spec, int index, String cursor, int attempt) {
        if (closing) {
            return;
        }
        handshaking.incrementAndGet();
        Viewer viewer = new Viewer(spec, index, cursor, attempt);
        Bootstrap bootstrap = new Bootstrap()
                .group(transport.group)
                .channel(transport.channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("viewer", viewer);
                    }
                });
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

    /** One connection's handler. Per-channel: it holds the connection's scanner and cursor. */
    private final class Viewer extends ChannelInboundHandlerAdapter implements ServerFrameScanner.Sink {
        private final Spec spec;
        private final int index;
        private final int attempt;
        private final ServerFrameScanner scanner = new ServerFrameScanner(this);
        private final Wire.Reader reader = new Wire.Reader();
        private String cursor;
        private boolean welcomed;
        private boolean counted;
        private int blockEntries;
        private long nowMicros;
        private Channel channel;

        Viewer(Spec spec, int index, String cursor, int attempt) {
            this.spec = spec;
            this.index = index;
            this.cursor = cursor;
            this.attempt = attempt;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Hello.Builder hello = Hello.newBuilder().setToken(spec.token()).setRoomId(spec.room());
            if (cursor != null) {
                hello.setCursor(cursor);
            }
            byte[] body = ClientFrame.newBuilder().setHello(hello).build().toByteArray();
            ByteBuf frame = ctx.alloc().buffer(body.length + 5);
            writeVarint(frame, body.length);
            frame.writeBytes(body);
            ctx.writeAndFlush(frame);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                stats.bytes.add(in.readableBytes());
                nowMicros = spec.sampled() ? Payloads.nowMicros() : 0;
                scanner.feed(in);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void header(ByteBuf buf, int index, int length) {
            reader.reset(buf, index, length);
            while (reader.more()) {
                int tag = reader.tag();
                if (tag == (2 << 3 | Wire.LEN)) {
                    String c = reader.string();
                    if (!c.isEmpty()) {
                        cursor = c;
                    }
                } else {
                    reader.skip(tag);
                }
            }
        }

        @Override
        public void entry(ByteBuf buf, int index, int length) {
            blockEntries++;
            if (spec.sampled()) {
                stats.sampleEntry(reader, buf, index, length, nowMicros);
            }
        }

        @Override
        public void skipped(ByteBuf buf, int index, int length) {
            stats.addSkipped(reader, buf, index, length);
        }

        @Override
        public void blockEnd() {
            stats.blocks.increment();
            stats.entries.add(blockEntries);
            blockEntries = 0;
        }

        @Override
        public void otherFrame(ByteBuf buf, int index, int length) {
            ServerFrame frame;
            try {
                frame = ServerFrame.parseFrom(buf.nioBuffer(index, length));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                stats.error("undecodable frame");
                return;
            }
            switch (frame.getFrameCase()) {
                case WELCOME -> welcome(frame);
                case PONG -> stats.pongs.increment();
                case ERROR -> stats.error(frame.getError().getCode());
                case GO_AWAY -> stats.goAways.increment();
                default -> {
                    // Nothing else is sent outside blocks.
                }
            }
        }

        private void welcome(ServerFrame frame) {
            if (!welcomed) {
                welcomed = true;
                handshaking.decrementAndGet();
                counted = true;
                stats.live.incrementAndGet();
            }
            stats.sessions.increment();
            if (!frame.getWelcome().getCursor().isEmpty()) {
                cursor = frame.getWelcome().getCursor();
            }
            long heartbeat = Math.max(100, frame.getWelcome().getHeartbeatMs());
            Channel ch = channel;
            if (ch != null && ch.pipeline().get("heartbeat") == null) {
                ch.pipeline().addBefore("viewer", "heartbeat", new IdleStateHandler(0, heartbeat, 0, TimeUnit.MILLISECONDS));
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
                stats.pings.increment();
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
            }
            ctx.fireUserEventTriggered(event);
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
            retry(spec, index, cursor, welcomed ? 0 : attempt + 1, ctx.channel());
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

    static void writeVarint(ByteBuf out, int value) {
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }
}
