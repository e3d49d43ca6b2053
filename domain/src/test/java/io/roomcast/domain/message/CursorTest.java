package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    @Test
    void givenZero_parse_isOrigin() {
        assertThat(Cursor.parse("0")).isSameAs(Cursor.ORIGIN);
        assertThat(Cursor.ORIGIN).isEqualTo(new Cursor(0, 0));
    }

    @Test
    void givenOrigin_encode_isZero() {
        assertThat(Cursor.ORIGIN.encode()).isEqualTo("0");
        assertThat(Cursor.ORIGIN).hasToString("0");
        assertThat(Cursor.parse("0-0")).isEqualTo(Cursor.ORIGIN);
    }

    @Test
    void givenWireForm_parse_readsMillisAndSeq() {
        Cursor cursor = Cursor.parse("1764288000123-42");

        assertThat(cursor.millis()).isEqualTo(1_764_288_000_123L);
        assertThat(cursor.seq()).isEqualTo(42);
    }

    @Test
    void givenCursor_encodeThenParse_roundTrips() {
        Cursor cursor = new Cursor(1_764_288_000_123L, 42);

        assertThat(cursor.encode()).isEqualTo("1764288000123-42");
        assertThat(cursor).hasToString("1764288000123-42");
        assertThat(Cursor.parse(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void givenLargestParts_encodeThenParse_roundTrips() {
        Cursor cursor = new Cursor(Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(Cursor.parse(cursor.encode())).isEqualTo(cursor);
        assertThat(Cursor.parse("9223372036854775800-9223372036854775806"))
                .isEqualTo(new Cursor(9_223_372_036_854_775_800L, 9_223_372_036_854_775_806L));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "1-", "-1", "-", "1-2-3", "1--2", "a-1", "1-b", " 1-2", "1-2 ", "+1-2",
            "1-+2", "1.5-2", "0x1-2", "1_000-2", "00", "1", "\u0661-2",
            "9223372036854775808-1", "1-9223372036854775808", "99999999999999999999-1", "1-99999999999999999999"})
    void givenMalformedText_parse_isInvalidCursor(String text) {
        assertThatThrownBy(() -> Cursor.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
                    assertThat(e.getMessage()).startsWith("cursor: ").contains("'" + text + "'");
                });
    }

    @Test
    void givenTextOverFortyCharacters_parse_isInvalidCursorWithShortenedEcho() {
        String text = "1-" + "0".repeat(39);

        assertThatThrownBy(() -> Cursor.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
                    assertThat(e.getMessage()).contains(text.substring(0, 40) + "...").doesNotContain(text);
                });
    }

    @Test
    void givenFortyCharacters_parse_isNotRejectedForLength() {
        String text = "1-" + "0".repeat(38);

        assertThat(Cursor.parse(text)).isEqualTo(new Cursor(1, 0));
    }

    @Test
    void givenNull_parse_isInvalidCursor() {
        assertThatThrownBy(() -> Cursor.parse(null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
                    assertThat(e.getMessage()).contains("'null'");
                });
    }

    @Test
    void givenNegativePart_construct_isInvalidCursor() {
        assertThatThrownBy(() -> new Cursor(-1, 0))
                .isInstanceOfSatisfying(RoomcastException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        assertThatThrownBy(() -> new Cursor(0, -1))
                .isInstanceOfSatisfying(RoomcastException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
    }

    @Test
    void givenSameMillis_compare_ordersBySeq() {
        Cursor first = new Cursor(1_000, 1);
        Cursor second = new Cursor(1_000, 2);

        assertThat(first).isLessThan(second);
        assertThat(second.isAfter(first)).isTrue();
        assertThat(first.isAfter(second)).isFalse();
        assertThat(first.isAfter(first)).isFalse();
    }

    @Test
    void givenDifferentSeq_compare_seqDecidesOverMillis() {
        assertThat(new Cursor(5_000, 1)).isLessThan(new Cursor(4_000, 2));
    }

    @Test
    void givenSameSeq_compare_millisBreaksTieConsistentWithEquals() {
        assertThat(new Cursor(1, 7)).isLessThan(new Cursor(2, 7));
        assertThat(new Cursor(2, 7).compareTo(new Cursor(2, 7))).isZero();
    }

    @Test
    void givenTwoCursors_max_isTheLaterOne() {
        Cursor a = new Cursor(1_000, 1);
        Cursor b = new Cursor(1_000, 2);

        assertThat(Cursor.max(a, b)).isSameAs(b);
        assertThat(Cursor.max(b, a)).isSameAs(b);
        assertThat(Cursor.max(Cursor.ORIGIN, a)).isSameAs(a);
    }
}
