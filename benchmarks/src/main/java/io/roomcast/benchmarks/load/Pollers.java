package io.roomcast.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
 * <p>Thread-safe: a ramp thread opens the connections; each runs on its event loop (a {@link Poller}).
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
        /** Characters of the cursors the requests carried (cursor polls). */
        final LongAdder cursorChars = new LongAdder();
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

    private final NettyTransport transport;
    final InetSocketAddress server;
    final Stats stats;
    final Mode mode;
    final int limit;
    final long spreadMillis;
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
        Poller poller = new Poller(this, spec, cursor);
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
                        reconnectLater(spec, poller.cursor(), ((io.netty.channel.ChannelFuture) f).channel());
                    }
                })
                .channel();
        channels.add(ch);
    }

    void reconnectLater(Spec spec, String cursor, Channel on) {
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
}
