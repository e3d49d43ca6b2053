package io.roomcast.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline's publisher: one Redis connection, paced by the same {@link Pacer} as roomcast's
 * {@link Publisher} (what the rate owes every {@code tickMillis}, at most {@code maxBatch} messages
 * a batch, at most {@code maxInFlight} batches unanswered). A batch is {@code n} {@code PUBLISH
 * <channel> <payload>} commands written and flushed at once (pipelined), every payload carrying the
 * time the batch was sent, as an HTTP batch's do. Each {@code :<receivers>} reply counts as
 * accepted; a batch is answered when its last reply is in (the "publish request latency").
 * Thread-safe: batches are written from the pacer's thread, replies read on the connection's event loop.
 */
final class RedisPublisher implements AutoCloseable {
    /** A batch sent and not fully answered: its replies still due (event loop only) and when it left. */
    private static final class Batch {
        int due;
        final long sentNanos;

        Batch(int due, long sentNanos) {
            this.due = due;
            this.sentNanos = sentNanos;
        }
    }

    private final NettyTransport transport;
    private final byte[] channelName;
    private final int payloadBytes;
    private final Publisher.Stats stats;
    private final Queue<Batch> unanswered = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Pacer pacer;
    private final Channel connection;

    /** Connects to {@code redis} at once (on its own one-thread event loop); throws when it cannot. */
    RedisPublisher(InetSocketAddress redis, String channel, int payloadBytes, long tickMillis, int maxBatch, int maxInFlight,
                   Publisher.Stats stats) {
        this.transport = NettyTransport.create(1, false, "publisher-redis");
        this.channelName = channel.getBytes(StandardCharsets.UTF_8);
        this.payloadBytes = payloadBytes;
        this.stats = stats;
        this.pacer = new Pacer(tickMillis, maxBatch, maxInFlight, stats, inFlight::get, this::send);
        ChannelFuture connecting = new Bootstrap().group(transport.group).channel(transport.channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new Replies())
                .connect(redis).awaitUninterruptibly();
        if (!connecting.isSuccess()) {
            transport.close();
            throw new UncheckedIOException("the publisher cannot connect to Redis at " + redis,
                    new java.io.IOException(connecting.cause()));
        }
        this.connection = connecting.channel();
    }

    void start(Publisher.Rate rate) {
        pacer.start(rate);
    }

    private void send(int n) {
        if (!connection.isActive()) {
            stats.failure("connection closed", n);
            return;
        }
        byte[] payload = Payloads.json(Payloads.nowMicros(), payloadBytes).getBytes(StandardCharsets.UTF_8);
        ByteBuf batch = connection.alloc().buffer(n * (payload.length + channelName.length + 40));
        for (int i = 0; i < n; i++) {
            RespCommands.publish(batch, channelName, payload);
        }
        // Queued before the write, so the event loop always finds the batch its replies belong to.
        unanswered.add(new Batch(n, System.nanoTime()));
        inFlight.incrementAndGet();
        stats.sent.add(n);
        stats.requests.increment();
        connection.writeAndFlush(batch);
    }

    /** Stops publishing; waits up to 10 s for the replies in flight, then closes the connection. */
    @Override
    public void close() {
        pacer.close();
        connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        transport.close();
    }

    /** The connection's handler: reads replies in order against the batches sent. Per-channel. */
    private final class Replies extends ChannelInboundHandlerAdapter implements RespReader.Sink {
        private final RespReader reader = new RespReader(this);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                reader.feed((ByteBuf) msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void integer(long receivers) {
            stats.accepted.increment();
            answered();
        }

        @Override
        public void error(String text) {
            stats.failure("redis: " + text, 1);
            answered();
        }

        @Override
        public void message(ByteBuf buf, int index, int length) {
            stats.failure("a push on the publisher's connection", 0);
        }

        @Override
        public void subscribed(long channels) {
            stats.failure("a subscribe confirmation on the publisher's connection", 0);
        }

        private void answered() {
            Batch head = unanswered.peek();
            if (head == null) {
                stats.failure("a reply to no command", 0);
                return;
            }
            if (--head.due == 0) {
                unanswered.poll();
                inFlight.decrementAndGet();
                stats.latency.recordValue(Math.max(0, (System.nanoTime() - head.sentNanos) / 1_000));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (Batch b; (b = unanswered.poll()) != null; ) {
                stats.failure("connection closed", b.due);
                inFlight.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.failure("exception: " + cause.getClass().getSimpleName(), 0);
            ctx.close();
        }
    }
}
