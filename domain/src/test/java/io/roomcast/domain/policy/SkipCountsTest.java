package io.roomcast.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SkipCountsTest {

    @Test
    void givenNone_plusEachReason_countsOnlyThatReason() {
        assertThat(SkipCounts.NONE.plus(DropReason.PRIORITY, 2)).isEqualTo(new SkipCounts(2, 0, 0, 0));
        assertThat(SkipCounts.NONE.plus(DropReason.AGE, 3)).isEqualTo(new SkipCounts(0, 3, 0, 0));
        assertThat(SkipCounts.NONE.plus(DropReason.BUDGET, 4)).isEqualTo(new SkipCounts(0, 0, 4, 0));
        assertThat(SkipCounts.NONE.plus(DropReason.SUPERSEDED, 5)).isEqualTo(new SkipCounts(0, 0, 0, 5));
    }

    @Test
    void givenCounts_plusOverload_isRejected() {
        assertThatThrownBy(() -> SkipCounts.NONE.plus(DropReason.OVERLOAD, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTwoCounts_plus_addsFieldByField() {
        SkipCounts sum = new SkipCounts(1, 2, 3, 4).plus(new SkipCounts(10, 20, 30, 40));

        assertThat(sum).isEqualTo(new SkipCounts(11, 22, 33, 44));
        assertThat(sum.total()).isEqualTo(110);
        assertThat(sum.isEmpty()).isFalse();
    }

    @Test
    void givenNone_total_isZeroAndEmpty() {
        assertThat(SkipCounts.NONE.total()).isZero();
        assertThat(SkipCounts.NONE.isEmpty()).isTrue();
    }

    @Test
    void givenNegativeCount_construct_isRejected() {
        assertThatThrownBy(() -> new SkipCounts(0, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SkipCounts.NONE.plus(DropReason.AGE, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
