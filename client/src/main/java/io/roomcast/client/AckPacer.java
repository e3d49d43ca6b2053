package io.roomcast.client;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Paces one connection's {@code Ack} frames (README, "Acks"): the blocks taken are acknowledged at
 * the end of a read, at most once per {@code Welcome.ack_ms}, and a timer sends what a quiet spell
 * would leave unacknowledged, so the server never waits on an Ack for longer than that interval.
 * Public for clients built on Netty other than {@link LongConnectionClient} (the load generator's
 * lean viewers use it).
 *
 * <p>Per-connection, not thread-safe: every method runs on the channel's event loop.
 */
public final class AckPacer {
    private final LongConsumer send;
    private long ackNanos;
    private long blocks;
    private long acked;
    private long lastAck;
    private boolean scheduled;

    /** @param send writes and flushes {@code Ack{blocks}} with the count given */
    public AckPacer(LongConsumer send) {
        this.send = send;
    }

    /** The Welcome's {@code ack_ms}: acknowledge at least this often (0: send no acks). */
    public void every(long ackMs) {
        ackNanos = TimeUnit.MILLISECONDS.toNanos(ackMs);
    }

    /** One more {@code Block} frame was taken. */
    public void blockTaken() {
        blocks++;
    }

    /** The end of a read: acknowledge now, or at the end of the interval. */
    public void readDone(ChannelHandlerContext ctx) {
        if (ackNanos == 0 || blocks == acked || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastAck >= ackNanos) {
            lastAck = now;
            acked = blocks;
            send.accept(blocks);
        } else if (!scheduled) {
            scheduled = true;
            ctx.executor().schedule(() -> {
                scheduled = false;
                readDone(ctx);
            }, ackNanos - (now - lastAck), TimeUnit.NANOSECONDS);
        }
    }
}
