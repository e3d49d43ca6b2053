package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Priority;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The latencies a sampled viewer takes from one entry's bytes. */
class DeliveryStatsTest {
    private static final long PUBLISHED = 1_795_828_026_000_000L;

    @Test
    void givenACriticalAndALowEntry_sampleEntry_recordsBothInE2eAndOnlyTheCriticalApart() {
        DeliveryStats stats = new DeliveryStats();
        sample(stats, Priority.CRITICAL, PUBLISHED + 7_000);
        sample(stats, Priority.LOW, PUBLISHED + 40_000);

        Histogram e2e = stats.e2e.getIntervalHistogram();
        Histogram critical = stats.critical.getIntervalHistogram();
        assertThat(e2e.getTotalCount()).isEqualTo(2);
        assertThat(critical.getTotalCount()).isEqualTo(1);
        assertThat(critical.getMaxValue()).isBetween(6_990L, 7_010L);
    }

    private static void sample(DeliveryStats stats, Priority priority, long nowMicros) {
        byte[] bytes = Message.newBuilder().setId("m").setPriority(priority)
                .setPayload(ByteString.copyFromUtf8(Payloads.json(PUBLISHED, 100)))
                .setCreatedAt(PUBLISHED / 1000 + 1).setSentAt(PUBLISHED / 1000 + 5).build().toByteArray();
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        stats.sampleEntry(new Wire.Reader(), buf, 0, bytes.length, nowMicros);
    }
}
