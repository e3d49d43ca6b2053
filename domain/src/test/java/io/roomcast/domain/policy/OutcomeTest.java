package io.roomcast.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void givenAccepted_isAccepted_isTrue() {
        assertThat(Outcome.ACCEPTED.isAccepted()).isTrue();
    }

    @Test
    void givenDiscarded_isAccepted_isFalseAndKeepsReason() {
        Outcome outcome = Outcome.discarded(DropReason.AGE);

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Discarded.class,
                d -> assertThat(d.reason()).isEqualTo(DropReason.AGE));
        assertThat(outcome).isEqualTo(Outcome.discarded(DropReason.AGE)).isNotEqualTo(Outcome.discarded(DropReason.OVERLOAD));
    }

    @Test
    void givenNoReason_discarded_isRejected() {
        assertThatThrownBy(() -> Outcome.discarded(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenReasons_wireName_isLowerCase() {
        assertThat(DropReason.PRIORITY.wireName()).isEqualTo("priority");
        assertThat(DropReason.AGE.wireName()).isEqualTo("age");
        assertThat(DropReason.BUDGET.wireName()).isEqualTo("budget");
        assertThat(DropReason.SUPERSEDED.wireName()).isEqualTo("superseded");
        assertThat(DropReason.OVERLOAD.wireName()).isEqualTo("overload");
    }
}
