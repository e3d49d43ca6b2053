package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriorityTest {

    @ParameterizedTest
    @CsvSource({"lowest,LOWEST", "Low,LOW", "NORMAL,NORMAL", "high,HIGH", "cRiTiCaL,CRITICAL"})
    void givenAnyCase_parse_findsLevel(String text, Priority expected) {
        assertThat(Priority.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urgent", "", "HIGHEST", "1"})
    void givenUnknownName_parse_isInvalidArgumentListingValidValues(String text) {
        assertThatThrownBy(() -> Priority.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("priority: ").contains("'" + text + "'")
                            .contains("[LOWEST, LOW, NORMAL, HIGH, CRITICAL]");
                });
    }

    @Test
    void givenNull_parse_isInvalidArgumentNamingField() {
        assertThatThrownBy(() -> Priority.parse(null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("priority: is required");
                });
    }

    @Test
    void givenLevels_compare_ordersByImportance() {
        assertThat(Arrays.stream(Priority.values()).sorted().toList())
                .containsExactly(Priority.LOWEST, Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL);
        assertThat(Priority.CRITICAL.isAbove(Priority.HIGH)).isTrue();
        assertThat(Priority.LOW.isAbove(Priority.LOWEST)).isTrue();
        assertThat(Priority.LOW.isAbove(Priority.NORMAL)).isFalse();
        assertThat(Priority.NORMAL.isAbove(Priority.NORMAL)).isFalse();
    }
}
