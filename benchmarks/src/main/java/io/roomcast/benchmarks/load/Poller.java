package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** One poller's connection, for {@link Pollers}. Per-channel: it keeps the cursor and the time of the request in flight. */
final class Poller extends SimpleChannelInboundHandler<HttpResponseDecoder.Response> {
    private static final int POLL_MESSAGES = 1;
    private static final int POLL_CURSOR = 2;
    private static final int POLL_AFTER = 3;
    private static final int POLL_SKIPPED = 4;
    private static final int POLL_RESET = 5;
    private static final int POLL_MORE = 6;

    private final Pollers fleet;
    private final Pollers.Spec spec;
    private final Wire.Reader reader = new Wire.Reader();
    private final Wire.Reader entryReader = new Wire.Reader();
    private final String pathStart;
    private final String requestEnd;
    private final String httpTail;
    private final SliceWalk slices;
    private String cursor;
    private long sentNanos;
    private ChannelHandlerContext ctx;

    Poller(Pollers fleet, Pollers.Spec spec, String cursor) {
        this.fleet = fleet;
        this.spec = spec;
        this.cursor = cursor;
        this.pathStart = "GET /api/v1/rooms/" + spec.room() + "/messages?";
        this.httpTail = " HTTP/1.1\r\nHost: " + fleet.server.getHostString() + ":" + fleet.server.getPort()
                + "\r\nAccept: application/x-protobuf\r\n\r\n";
        this.requestEnd = (spec.viewer() == null ? "" : "&viewer=" + spec.viewer())
                + (fleet.limit > 0 ? "&limit=" + fleet.limit : "") + httpTail;
        this.slices = fleet.mode == Pollers.Mode.SLICES ? new SliceWalk(spec.room()) : null;
    }

    /** The cursor it polls from: the last one an answer carried, else the one it was made with (null: the start). */
    String cursor() {
        return cursor;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        fleet.stats.connected.incrementAndGet();
        long first = fleet.mode != Pollers.Mode.FLAT && fleet.spreadMillis > 0 ? ThreadLocalRandom.current().nextLong(fleet.spreadMillis) : 0;
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
        String request;
        if (slices != null) {
            request = "GET " + slices.path() + httpTail;
        } else {
            String from = cursor == null ? "" : cursor;
            fleet.stats.cursorChars.add(from.length());
            request = pathStart + "cursor=" + from + requestEnd;
        }
        ByteBuf out = ByteBufUtil.writeAscii(ctx.alloc(), request);
        sentNanos = System.nanoTime();
        ctx.writeAndFlush(out);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpResponseDecoder.Response response) {
        try {
            long now = System.nanoTime();
            fleet.stats.latency.recordValue(Math.max(0, (now - sentNanos) / 1_000));
            fleet.stats.polls.increment();
            fleet.stats.statuses.computeIfAbsent(response.status(), s -> new LongAdder()).increment();
            fleet.stats.bodyBytes.add(response.body().readableBytes());
            long next;
            if (slices != null) {
                next = slices.answered(response.status(), response.body(), reader, entryReader, fleet.stats.messages,
                        spec.sampled());
            } else if (response.status() == 200) {
                next = read(response.body());
            } else {
                next = fleet.mode == Pollers.Mode.FLAT ? 10 : 1_000;
            }
            if (response.close()) {
                context.close();
                return;
            }
            schedule(fleet.mode == Pollers.Mode.FLAT ? 0 : next);
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
        DeliveryStats m = fleet.stats.messages;
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
                    fleet.stats.resets.increment();
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
            fleet.stats.more.increment();
            return 0;
        }
        return pollAfter > 0 ? pollAfter : 1_000;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        fleet.stats.connected.decrementAndGet();
        fleet.reconnectLater(spec, cursor, context.channel());
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fleet.stats.failure("exception: " + cause.getClass().getSimpleName());
        context.close();
    }
}
