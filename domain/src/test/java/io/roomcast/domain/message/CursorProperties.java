package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Cursor order is total, and the wire form is a faithful encoding. */
class CursorProperties {

    @Provide
    Arbitrary<Cursor> cursors() {
        // Small parts make equal millis and equal seqs frequent; large parts cover the whole range.
        Arbitrary<Long> part = Arbitraries.oneOf(Arbitraries.longs().between(0, 3), Arbitraries.longs().greaterOrEqual(0));
        return Combinators.combine(part, part).as(Cursor::new);
    }

    @Property
    void encodeThenParse_givesSameCursor(@ForAll("cursors") Cursor cursor) {
        assertThat(Cursor.parse(cursor.encode())).isEqualTo(cursor);
    }

    @Property
    void compareTo_isZeroExactlyWhenEqual(@ForAll("cursors") Cursor a, @ForAll("cursors") Cursor b) {
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    }

    @Property
    void compareTo_isAntisymmetric(@ForAll("cursors") Cursor a, @ForAll("cursors") Cursor b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.isAfter(b) && b.isAfter(a)).isFalse();
    }

    @Property
    void compareTo_isTransitive(@ForAll("cursors") Cursor a, @ForAll("cursors") Cursor b, @ForAll("cursors") Cursor c) {
        List<Cursor> sorted = new ArrayList<>(List.of(a, b, c));
        sorted.sort(Comparator.naturalOrder());

        assertThat(sorted.get(0).compareTo(sorted.get(1))).isLessThanOrEqualTo(0);
        assertThat(sorted.get(1).compareTo(sorted.get(2))).isLessThanOrEqualTo(0);
        assertThat(sorted.get(0).compareTo(sorted.get(2))).isLessThanOrEqualTo(0);
    }

    @Property
    void differentSeq_orderIsBySeqWhateverTheMillis(@ForAll("cursors") Cursor a, @ForAll("cursors") Cursor b) {
        if (a.seq() != b.seq()) {
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Long.compare(a.seq(), b.seq()));
        }
    }

    @Property
    void storeLikeSequence_orderBySeqAgreesWithMillisThenSeq(
            @ForAll("appendSteps") List<long[]> steps) {
        // A store's appends: millis never decrease, seq strictly increases.
        List<Cursor> appended = new ArrayList<>();
        long millis = 1_764_288_000_000L;
        long seq = 0;
        for (long[] step : steps) {
            millis += step[0];
            seq += 1 + step[1];
            appended.add(new Cursor(millis, seq));
        }
        List<Cursor> byCompareTo = new ArrayList<>(appended);
        byCompareTo.sort(Comparator.reverseOrder()); // start from the wrong order, so the sort must work
        byCompareTo.sort(Comparator.naturalOrder());
        List<Cursor> byMillisThenSeq = new ArrayList<>(appended);
        byMillisThenSeq.sort(Comparator.comparingLong(Cursor::millis).thenComparingLong(Cursor::seq));

        assertThat(byCompareTo).isEqualTo(appended).isEqualTo(byMillisThenSeq);
    }

    @Provide
    Arbitrary<List<long[]>> appendSteps() {
        Arbitrary<long[]> step = Combinators.combine(
                        Arbitraries.longs().between(0, 2), Arbitraries.longs().between(0, 2))
                .as((dm, ds) -> new long[] {dm, ds});
        return step.list().ofMaxSize(30);
    }

    @Property(tries = 2_000)
    void anyText_parse_givesCursorThatRoundTripsOrInvalidCursor(@ForAll("cursorishText") String text) {
        Throwable thrown = catchThrowable(() -> {
            Cursor parsed = Cursor.parse(text);
            assertThat(Cursor.parse(parsed.encode())).isEqualTo(parsed);
        });
        if (thrown != null) {
            assertThat(thrown).isInstanceOfSatisfying(RoomcastException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        }
    }

    @Provide
    Arbitrary<String> cursorishText() {
        return Arbitraries.strings().withChars("0123456789-+ a").ofMaxLength(45);
    }
}
