package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class ConnectionLimiterTest {
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();

    private EmbeddedChannel connect(ConnectionLimiter limiter) {
        return new EmbeddedChannel(ServerFrameEncoder.INSTANCE, limiter, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                admitted.incrementAndGet();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                reads.incrementAndGet();
                ReferenceCountUtil.release(msg);
            }
        });
    }

    private static String refusal(EmbeddedChannel ch) {
        List<ServerFrame> frames = TestFrames.written(ch);
        return frames.isEmpty() ? null : frames.get(0).getError().getCode();
    }

    @Test
    void givenABurstOverTheRate_connect_refusesTheRestWithRateLimited_untilTokensRefill() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, new TokenBucket(clock, 2),
                new TcpMetrics(new SimpleMeterRegistry()));
        EmbeddedChannel a = connect(limiter);
        EmbeddedChannel b = connect(limiter);
        EmbeddedChannel c = connect(limiter);
        assertThat(refusal(a)).isNull();
        assertThat(refusal(b)).isNull();
        assertThat(refusal(c)).isEqualTo("RATE_LIMITED");
        assertThat(c.isActive()).isFalse();
        assertThat(admitted.get()).isEqualTo(2);

        clock.advance(500);
        EmbeddedChannel d = connect(limiter);
        assertThat(refusal(d)).isNull();
        assertThat(limiter.open()).isEqualTo(3);
        for (EmbeddedChannel ch : List.of(a, b, c, d)) {
            ch.finishAndReleaseAll();
        }
        assertThat(limiter.open()).isZero();
    }

    @Test
    void givenTheMaximum_connect_refusesWithOverloaded_andAdmitsAgainAfterAClose() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, new TokenBucket(clock, 1_000),
                new TcpMetrics(new SimpleMeterRegistry()));
        EmbeddedChannel a = connect(limiter);
        EmbeddedChannel b = connect(limiter);
        EmbeddedChannel c = connect(limiter);
        assertThat(refusal(c)).isEqualTo("OVERLOADED");
        assertThat(c.isActive()).isFalse();

        a.close();
        EmbeddedChannel d = connect(limiter);
        assertThat(refusal(d)).isNull();
        assertThat(limiter.open()).isEqualTo(2);
        for (EmbeddedChannel ch : List.of(a, b, c, d)) {
            ch.finishAndReleaseAll();
        }
    }
}
