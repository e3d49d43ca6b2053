package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void givenMillis_generate_isElevenHexDigitsOfTimeAndSixteenRandom() {
        long now = 1_764_288_000_123L;

        MessageId id = MessageId.generate(now);

        assertThat(id.value()).matches("[0-9a-f]{27}").startsWith(String.format("%011x", now));
    }

    @Test
    void givenSmallAndOversizedMillis_generate_padsWithZeros_andKeepsTheLow44Bits() {
        assertThat(MessageId.generate(5).value()).startsWith("00000000005").hasSize(27);
        assertThat(MessageId.generate(0xFFF_FFFF_FFFFL).value()).startsWith("fffffffffff");
        assertThat(MessageId.generate(0x1_0000_0000_000AL).value()).startsWith("0000000000a");
    }

    @Test
    void givenManyIds_theRandomPart_usesEveryHexDigitPosition() {
        Set<Character> firstRandomDigits = new HashSet<>();
        Set<Character> lastDigits = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String value = MessageId.generate(7).value();
            firstRandomDigits.add(value.charAt(11));
            lastDigits.add(value.charAt(26));
        }
        // 500 draws of a uniform hex digit miss one of the 16 with probability ~16 x (15/16)^500, about 1e-13.
        assertThat(firstRandomDigits).hasSize(16);
        assertThat(lastDigits).hasSize(16);
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
