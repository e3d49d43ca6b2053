package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.RoomId;
import org.junit.jupiter.api.Test;

class SliceAnswersTest {
    @Test
    void givenKeysOfTheSameSlice_builtFromFreshText_areEqualWithEqualHashes_andAnyFieldDiffering_isNot() {
        SliceAnswers.SliceKey a = new SliceAnswers.SliceKey(new RoomId(new String("r1")), 1_796_700_000L);
        SliceAnswers.SliceKey b = new SliceAnswers.SliceKey(RoomId.of("r1"), 1_796_700_000L);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new SliceAnswers.SliceKey(RoomId.of("r1"), 1_796_700_001L))
                .isNotEqualTo(new SliceAnswers.SliceKey(RoomId.of("r2"), 1_796_700_000L))
                .isNotEqualTo("r1");
    }
}
