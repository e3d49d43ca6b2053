package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponsesTest {
    @Test
    void givenAnyLength_length_isItsDecimalText_andShortOnesAreWrittenOnce() {
        for (int n : new int[] {0, 1, 53, 999, 4_096, 4_097, 65_536, Integer.MAX_VALUE}) {
            assertThat(Responses.length(n)).isEqualTo(Integer.toString(n));
        }
        assertThat(Responses.length(53)).isSameAs(Responses.length(53));
    }
}
