package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void givenMillis_generate_isElevenHexDigitsOfTimeAndSixteenRandom() {
        long now = 1_764_288_000_123L;

        MessageId id = MessageId.generate(now);

        assertThat(id.value()).matches("[0-9a-f]{27}").startsWith(String.format("%011x", now));
    }

    @Test
    void givenLaterMillis_generate_sortsAfterEarlierId() {
        MessageId earlier = MessageId.generate(1_764_288_000_123L);
        MessageId later = MessageId.generate(1_764_288_000_124L);

        assertThat(later.value()).isGreaterThan(earlier.value());
    }

    @Test
    void givenSameMillis_generate_givesDifferentIds() {
        assertThat(MessageId.generate(5)).isNotEqualTo(MessageId.generate(5));
    }
}
