package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis pub/sub subscribers for the baseline: each connection sends {@code SUBSCRIBE <room>} (the
 * spec's room is the channel) and counts every {@code message} push as one delivery; the sampled
 * connections read the publish time in its payload ({@link Payloads}) and record publish -> receive
 * into the same {@link DeliveryStats} as roomcast's viewers. The subscribe confirmation opens the
 * session. Ramp, reconnects and session accounting as {@link LeanViewers} ({@link NettyFleet}); a
 * reconnected subscriber gets only what is published after it is back (pub/sub keeps nothing).
 * Thread-safe: {@link #open} runs a ramp thread; each connection's handler runs on its event loop.
 */
final class RedisSubscribers extends NettyFleet {

    RedisSubscribers(NettyTransport transport, InetSocketAddress redis, List<InetAddress> sources, DeliveryStats stats) {
        super(transport, redis, sources, stats);
    }

    @Override
    public String describe() {
        return "Netty RESP subscribers (" + transport.name + ", plain TCP"
                + (sources.isEmpty() ? "" : ", " + sources.size() + " source addresses") + ")";
    }

    @Override
    protected void initChannel(Channel ch, Spec spec, int index, String cursor, int attempt) {
        ch.pipeline().addLast("subscriber", new Subscriber(spec, index, attempt));
    }

    /** One connection's handler. Per-channel: it holds the connection's reader. */
    private final class Subscriber extends Connection implements RespReader.Sink {
        private final RespReader reader = new RespReader(this);

        Subscriber(Spec spec, int index, int attempt) {
            super(spec, index, attempt);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf subscribe = ctx.alloc().buffer(64);
            RespCommands.subscribe(subscribe, spec.room().getBytes(StandardCharsets.UTF_8));
            ctx.writeAndFlush(subscribe);
            ctx.fireChannelActive();
        }

        @Override
        protected void feed(ByteBuf in) {
            reader.feed(in);
        }

        @Override
        public void message(ByteBuf buf, int index, int length) {
            // One push is one delivery; a "block" of one entry, so the per-block figures stay meaningful.
            stats.blocks.increment();
            stats.entries.increment();
            if (spec.sampled()) {
                stats.record(Payloads.publishedAt(buf, index, length), 0, 0, false, nowMicros);
            }
        }

        @Override
        public void subscribed(long channels) {
            sessionOpened();
        }

        @Override
        public void integer(long value) {
            stats.error("unexpected integer reply");
        }

        @Override
        public void error(String text) {
            stats.error("redis: " + text);
        }
    }
}
