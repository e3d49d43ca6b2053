package io.roomcast.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Simulated short-polling viewers: each one a keep-alive HTTP/1.1 connection (a small Netty
 * client: a prebuilt request, {@link HttpResponseDecoder}, and a walk over the protobuf
 * {@code PollResponse} without building objects) asking
 * {@code GET /api/v1/rooms/{room}/messages?cursor=..&viewer=..} with
 * {@code Accept: application/x-protobuf}, keeping each answer's cursor.
 *
 * <p>{@link Mode#SLICES} asks for {@code /api/v1/rooms/{room}/slices} and the slices it names
 * instead ({@link SliceWalk}), each poll one request (a head or a slice).
 *
 * <p>{@link Mode#PACED} honours the answer: the next poll after {@code pollAfterMs}, at once when it
 * says {@code more}; the first polls are spread at random over {@code spreadMillis}.
 * {@link Mode#FLAT} asks again as soon as an answer is in: each connection keeps one request in
 * flight, so the rate is what the server (or the shared CPU) allows.
 *
 * <p>Thread-safe: a ramp thread opens the connections; each runs on its event loop.
 */
final class Pollers implements AutoCloseable {
    /**
     * How the pollers pace themselves; {@code SLICES}: as guests of the slices API ({@link SliceWalk}),
     * paced by the head's {@code pollAfterMs}, usually through an HTTP cache.
     */
    enum Mode { PACED, FLAT, SLICES }

    /** One poller: the room, a viewer id for the room's online count (or null), and whether it decodes latencies. */
    record Spec(String room, String viewer, boolean sampled) {
    }

    /** What the pollers did. {@code messages} counts what the answers carried. Thread-safe. */
    static final class Stats {
        final LongAdder polls = new LongAdder();
        final LongAdder bodyBytes = new LongAdder();
        final LongAdder more = new LongAdder();
        final LongAdder resets = new LongAdder();
        final LongAdder reconnects = new LongAdder();
        final ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();
        /** Request written to answer complete, microseconds. */
        final Recorder latency = new Recorder(3);
        final DeliveryStats messages = new DeliveryStats();
        final AtomicInteger connected = new AtomicInteger();

        Map<Integer, Long> statusCounts() {
            Map<Integer, Long> out = new TreeMap<>();
            statuses.forEach((s, n) -> out.put(s, n.sum()));
            return out;
        }

        Map<String, Long> failureCounts() {
            Map<String, Long> out = new TreeMap<>();
            failures.forEach((s, n) -> out.put(s, n.sum()));
            return out;
        }

        void failure(String what) {
            failures.computeIfAbsent(what, w -> new LongAdder()).increment();
        }
    }

    private static final int POLL_MESSAGES = 1;
    private static final int POLL_CURSOR = 2;
    private static final int POLL_AFTER = 3;
    private static final int POLL_SKIPPED = 4;
    private static final int POLL_RESET = 5;
    private static final int POLL_MORE = 6;

    private final NettyTransport transport;
    private final InetSocketAddress server;
    private final Stats stats;
    private final Mode mode;
    private final int limit;
    private final long spreadMillis;
    private final ChannelGroup channels = new DefaultChannelGroup("pollers", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closing;
    private Thread ramp;

    /** @param limit the {@code limit} query parameter, or 0 for the server's default */
    Pollers(NettyTransport transport, InetSocketAddress server, Stats stats, Mode mode, int limit, long spreadMillis) {
        this.transport = transport;
        this.server = server;
        this.stats = stats;
        this.mode = mode;
        this.limit = limit;
        this.spreadMillis = spreadMillis;
    }

    void open(List<Spec> specs, double perSecond) {
        ramp = new Thread(() -> {
            long begin = System.nanoTime();
            for (int i = 0; i < specs.size() && !closing; i++) {
                long due = begin + (long) (i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0 && !closing) {
                    LockSupport.parkNanos(wait);
                }
                started.incrementAndGet();
                connect(specs.get(i), null);
            }
        }, "poller-ramp");
        ramp.setDaemon(true);
        ramp.start();
    }

    int started() {
        return started.get();
    }

    String describe() {
        return "lean Netty HTTP/1.1 keep-alive pollers (" + transport.name + ", protobuf answers, one request in flight per connection)";
    }

    private void connect(Spec spec, String cursor) {
        if (closing) {
            return;
        }
        Poller poller = new Poller(spec, cursor);
        Channel ch = new Bootstrap()
                .group(transport.group)
                .channel(transport.channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast("http", new HttpResponseDecoder());
                        c.pipeline().addLast("poller", poller);
                    }
                })
                .connect(server)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        stats.failure("connect: " + f.cause().getClass().getSimpleName());
                        reconnectLater(spec, poller.cursor, ((io.netty.channel.ChannelFuture) f).channel());
                    }
                })
                .channel();
        channels.add(ch);
    }

    private void reconnectLater(Spec spec, String cursor, Channel on) {
        if (closing) {
            return;
        }
        stats.reconnects.increment();
        on.eventLoop().schedule(() -> connect(spec, cursor), 500 + ThreadLocalRandom.current().nextInt(1_000),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        if (ramp != null) {
            ramp.interrupt();
        }
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** One poller's connection. Per-channel: it keeps the cursor and the time of the request in flight. */
    private final class Poller extends SimpleChannelInboundHandler<HttpResponseDecoder.Response> {
        private final Spec spec;
        private final Wire.Reader reader = new Wire.Reader();
        private final Wire.Reader entryReader = new Wire.Reader();
        private final String pathStart;
        private final String requestEnd;
        private final String httpTail;
        private final SliceWalk slices;
        private String cursor;
        private long sentNanos;
        private ChannelHandlerContext ctx;

        Poller(Spec spec, String cursor) {
            this.spec = spec;
            this.cursor = cursor;
            this.pathStart = "GET /api/v1/rooms/" + spec.room() + "/messages?";
            this.httpTail = " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                    + "\r\nAccept: application/x-protobuf\r\n\r\n";
            this.requestEnd = (spec.viewer() == null ? "" : "&viewer=" + spec.viewer())
                    + (limit > 0 ? "&limit=" + limit : "") + httpTail;
            this.slices = mode == Mode.SLICES ? new SliceWalk(spec.room()) : null;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            this.ctx = context;
            stats.connected.incrementAndGet();
            long first = mode != Mode.FLAT && spreadMillis > 0 ? ThreadLocalRandom.current().nextLong(spreadMillis) : 0;
            schedule(first);
            context.fireChannelActive();
        }

        private void schedule(long delayMillis) {
            if (delayMillis <= 0) {
                poll();
            } else {
                ctx.executor().schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        private void poll() {
            if (!ctx.channel().isActive()) {
                return;
            }
            String request = slices != null
                    ? "GET " + slices.path() + httpTail
                    : pathStart + "cursor=" + (cursor == null ? "" : cursor) + requestEnd;
            ByteBuf out = ByteBufUtil.writeAscii(ctx.alloc(), request);
            sentNanos = System.nanoTime();
            ctx.writeAndFlush(out);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, HttpResponseDecoder.Response response) {
            try {
                long now = System.nanoTime();
                stats.latency.recordValue(Math.max(0, (now - sentNanos) / 1_000));
                stats.polls.increment();
                stats.statuses.computeIfAbsent(response.status(), s -> new LongAdder()).increment();
                stats.bodyBytes.add(response.body().readableBytes());
                long next;
                if (slices != null) {
                    next = slices.answered(response.status(), response.body(), reader, entryReader, stats.messages,
                            spec.sampled());
                } else if (response.status() == 200) {
                    next = read(response.body());
                } else {
                    next = mode == Mode.FLAT ? 10 : 1_000;
                }
                if (response.close()) {
                    context.close();
                    return;
                }
                schedule(mode == Mode.FLAT ? 0 : next);
            } finally {
                response.body().release();
            }
        }

        /** Walks a {@code PollResponse}; returns when to poll next (ms). */
        private long read(ByteBuf body) {
            long nowMicros = spec.sampled() ? Payloads.nowMicros() : 0;
            long pollAfter = 0;
            boolean more = false;
            int messages = 0;
            DeliveryStats m = stats.messages;
            reader.reset(body, body.readerIndex(), body.readableBytes());
            while (reader.more()) {
                int tag = reader.tag();
                int field = tag >>> 3;
                if (field == POLL_MESSAGES && (tag & 7) == Wire.LEN) {
                    int start = reader.lengthDelimited();
                    int length = reader.lastLength(start);
                    messages++;
                    if (spec.sampled()) {
                        // A second reader for the entry's own fields, inside the answer's.
                        m.sampleEntry(entryReader, body, start, length, nowMicros);
                    }
                } else if (field == POLL_CURSOR && (tag & 7) == Wire.LEN) {
                    String c = reader.string();
                    if (!c.isEmpty()) {
                        cursor = c;
                    }
                } else if (field == POLL_AFTER && (tag & 7) == Wire.VARINT) {
                    pollAfter = reader.varint();
                } else if (field == POLL_SKIPPED && (tag & 7) == Wire.LEN) {
                    int start = reader.lengthDelimited();
                    m.addSkipped(entryReader, body, start, reader.lastLength(start));
                } else if (field == POLL_RESET && (tag & 7) == Wire.VARINT) {
                    if (reader.varint() != 0) {
                        stats.resets.increment();
                    }
                } else if (field == POLL_MORE && (tag & 7) == Wire.VARINT) {
                    more = reader.varint() != 0;
                } else {
                    reader.skip(tag);
                }
            }
            m.entries.add(messages);
            m.blocks.increment();
            if (more) {
                stats.more.increment();
                return 0;
            }
            return pollAfter > 0 ? pollAfter : 1_000;
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            stats.connected.decrementAndGet();
            reconnectLater(spec, cursor, context.channel());
            context.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            stats.failure("exception: " + cause.getClass().getSimpleName());
            context.close();
        }
    }
}
