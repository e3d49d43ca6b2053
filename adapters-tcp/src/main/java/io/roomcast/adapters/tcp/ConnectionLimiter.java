package io.roomcast.adapters.tcp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits a new connection or refuses it: over {@code maxConnections} open connections it answers
 * {@code Error{OVERLOADED}}, over the new-connections-per-second bucket {@code Error{RATE_LIMITED}},
 * and closes. A refused connection never reaches the session handler, and whatever it sends is
 * released unread. With TLS the error goes out once the handshake is done (so the client can read
 * it); a peer that never completes it is closed by the handshake timeout.
 *
 * <p>{@link Sharable}: one instance counts every connection of the server; the count is an atomic
 * and the bucket takes a short lock once per connection.
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class, "counted");
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf(ConnectionLimiter.class, "refused");
    /** A refused peer that does not read its error is closed after this long anyway. */
    private static final long REFUSE_CLOSE_MILLIS = 5_000;

    private final int maxConnections;
    private final TokenBucket newConnections;
    private final TcpMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimiter(int maxConnections, TokenBucket newConnections, TcpMetrics metrics) {
        this.maxConnections = maxConnections;
        this.newConnections = newConnections;
        this.metrics = metrics;
    }

    /** Connections admitted and still open. */
    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!newConnections.tryTake()) {
            refuse(ctx, WireErrors.RATE_LIMITED, "too many new connections per second on this node; retry after a backoff");
            return;
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx, WireErrors.OVERLOADED, "this node holds its maximum of " + maxConnections
                    + " connections; try another endpoint");
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(REFUSED)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, String code, String message) {
        ctx.channel().attr(REFUSED).set(Boolean.TRUE);
        metrics.refused(code);
        ctx.writeAndFlush(WireErrors.frame(code, message)).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, REFUSE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
