package io.roomcast.protocol.codec;

import static io.roomcast.protocol.codec.MessageCodecTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.v1.Skipped;
import org.junit.jupiter.api.Test;

class SkippedCodecTest {

    @Test
    void givenCounts_toProtoAndBack_isEqual() {
        SkipCounts counts = new SkipCounts(3, 1, 4, 1);

        Skipped proto = SkippedCodec.toProto(counts);

        assertThat(proto.getPriority()).isEqualTo(3);
        assertThat(proto.getAge()).isEqualTo(1);
        assertThat(proto.getBudget()).isEqualTo(4);
        assertThat(proto.getSuperseded()).isEqualTo(1);
        assertThat(SkippedCodec.fromProto(proto)).isEqualTo(counts);
    }

    @Test
    void givenNoSkips_toProto_isEmptyAndBackIsNone() {
        assertThat(SkippedCodec.toProto(SkipCounts.NONE).getSerializedSize()).isZero();
        assertThat(SkippedCodec.fromProto(Skipped.getDefaultInstance())).isEqualTo(SkipCounts.NONE);
    }

    @Test
    void givenMaxIntCount_roundTrip_isExact() {
        SkipCounts counts = new SkipCounts(Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE);

        assertThat(SkippedCodec.fromProto(SkippedCodec.toProto(counts))).isEqualTo(counts);
    }

    @Test
    void givenUint32AboveIntRange_fromProto_isInvalid() {
        Skipped huge = Skipped.newBuilder().setAge(Integer.MIN_VALUE).build(); // uint32 2^31

        assertInvalid(() -> SkippedCodec.fromProto(huge), "skipped.age: count too large: 2147483648");
        assertInvalid(() -> SkippedCodec.fromProto(null), "skipped: is required");
        assertInvalid(() -> SkippedCodec.toProto(null), "skipped: is required");
    }
}
