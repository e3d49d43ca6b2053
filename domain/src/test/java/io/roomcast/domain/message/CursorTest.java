package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.TestMessages;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {
    private static final long E = 1_234_567;

    @Test
    void givenZero_parse_isOrigin() {
        assertThat(Cursor.parse("0")).isSameAs(Cursor.ORIGIN);
        assertThat(Cursor.ORIGIN.encode()).isEqualTo("0");
        assertThat(new Cursor(Cursor.Part.ORIGIN, Cursor.Part.ORIGIN).encode()).isEqualTo("0");
    }

    @Test
    void givenPair_encodeThenParse_roundTrips() {
        Cursor cursor = new Cursor(new Cursor.Part(E, 42), new Cursor.Part(Cursor.MAX_EPOCH, Long.MAX_VALUE));

        assertThat(cursor.encode()).isEqualTo(Long.toString(E, 36) + "-42.zik0zj-" + Long.MAX_VALUE);
        assertThat(cursor.encode().length()).isLessThanOrEqualTo(64);
        assertThat(Cursor.parse(cursor.encode())).isEqualTo(cursor);
        assertThat(Cursor.parse("k2f9q1-42.0-0")).isEqualTo(new Cursor(new Cursor.Part(Long.parseLong("k2f9q1", 36), 42),
                Cursor.Part.ORIGIN));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"1764288000123-42", "0-0", "1-1", "9223372036854775807-9223372036854775807"})
    void givenOldSingleSequenceForm_parse_isLegacy(String text) {
        Cursor cursor = Cursor.parse(text);

        assertThat(cursor).isSameAs(Cursor.LEGACY);
        assertThat(cursor.isLegacy()).isTrue();
        assertThat(Cursor.parse(cursor.encode())).isSameAs(Cursor.LEGACY);
        assertThat(Cursor.ORIGIN.isLegacy()).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "1-", "-1", "-", "1-2-3", "a-1", " 1-2", "1-2 ", "+1-2", "1.5-2", "00",
            "1", "\u0661-2", "a-1.b-2.c-3", "a-1.", ".a-1", "a-1.b", "A-1.b-2", "a-1.b--2", "a-1.b-x",
            "zzzzzzz-1.a-1", "zik0zk-1.a-1", "a-99999999999999999999.a-1", "a-1 .a-1", "\u0661-1.a-1"})
    void givenMalformedText_parse_isInvalidCursor(String text) {
        assertThatThrownBy(() -> Cursor.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
                    assertThat(e.getMessage()).startsWith("cursor: ").contains("'" + text + "'");
                });
    }

    @Test
    void givenTextOverSixtyFourCharacters_parse_isInvalidCursorWithShortenedEcho() {
        String text = "a-1.b-" + "0".repeat(59);

        assertThatThrownBy(() -> Cursor.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.getMessage())
                        .contains(text.substring(0, 64) + "...").doesNotContain(text));
    }

    @Test
    void givenNull_parse_isInvalidCursor() {
        assertThatThrownBy(() -> Cursor.parse(null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.getMessage()).contains("'null'"));
    }

    @Test
    void givenMessagesOfBothFamilies_advance_movesEachPartByItsOwnSequence() {
        Message room = TestMessages.chat(7, 1_000).storedAt(new Position(1_000, 7, E));
        Message broadcast = TestMessages.broadcast(3, 900).storedAt(new Position(900, 3, 99));

        Cursor cursor = Cursor.ORIGIN.advance(room).advance(broadcast);

        assertThat(cursor).isEqualTo(new Cursor(new Cursor.Part(E, 7), new Cursor.Part(99, 3)));
        assertThat(cursor.covers(room)).isTrue();
        assertThat(cursor.covers(broadcast)).isTrue();
        assertThat(cursor.advance(TestMessages.chat(5, 1_000).storedAt(new Position(1_000, 5, E)))).isEqualTo(cursor);
        assertThat(Cursor.ORIGIN.covers(room)).isFalse();
    }

    @Test
    void givenAnotherEpoch_covers_isFalseAndAdvanceAdoptsIt() {
        Cursor cursor = new Cursor(new Cursor.Part(E, 70), Cursor.Part.ORIGIN);
        Message renumbered = TestMessages.chat(2, 1_000).storedAt(new Position(1_000, 2, E + 1));

        assertThat(cursor.covers(renumbered)).isFalse();
        assertThat(cursor.advance(renumbered).room()).isEqualTo(new Cursor.Part(E + 1, 2));
        assertThat(Cursor.LEGACY.covers(renumbered)).isFalse();
    }

    @Test
    void givenCutWindow_afterPrefix_standsBeforeTheFirstMessageLeftOfEachFamily() {
        Message r1 = TestMessages.chat(1, 1_000);
        Message b5 = TestMessages.broadcast(5, 1_001);
        Message r2 = TestMessages.chat(2, 1_002);
        Message b9 = TestMessages.broadcast(9, 1_003);
        Message r3 = TestMessages.chat(3, 1_004);
        List<Message> window = List.of(r1, b5, r2, b9, r3);
        Cursor all = Cursor.ORIGIN;
        for (Message m : window) {
            all = all.advance(m);
        }

        Cursor cut = Cursor.afterPrefix(window, 3, all);

        assertThat(cut).isEqualTo(new Cursor(new Cursor.Part(0, 2), new Cursor.Part(0, 8)));
        assertThat(Cursor.afterPrefix(window, 5, all)).isEqualTo(all);
    }

    @Test
    void givenBehindAndAhead_atLeast_takesTheLaterOfEachPart() {
        Cursor a = new Cursor(new Cursor.Part(E, 5), Cursor.Part.ORIGIN);
        Cursor b = new Cursor(new Cursor.Part(E, 3), new Cursor.Part(9, 4));

        assertThat(a.atLeast(b)).isEqualTo(new Cursor(new Cursor.Part(E, 5), new Cursor.Part(9, 4)));
        assertThat(a.atLeast(b).covers(a)).isTrue();
        assertThat(a.atLeast(b).covers(b)).isTrue();
        assertThat(a.covers(b)).isFalse();
    }

    @Test
    void givenMessagesAtOneMillisecond_order_putsTheRoomFirstThenSequence() {
        Message b1 = TestMessages.broadcast(1, 1_000);
        Message r9 = TestMessages.chat(9, 1_000);
        Message r2 = TestMessages.chat(2, 1_000);
        Message early = TestMessages.broadcast(50, 999);

        List<Message> sorted = new java.util.ArrayList<>(List.of(b1, r9, r2, early));
        sorted.sort(Message.ORDER);

        assertThat(sorted).containsExactly(early, r2, r9, b1);
    }
}
