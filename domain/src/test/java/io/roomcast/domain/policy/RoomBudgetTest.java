package io.roomcast.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Token bucket at 100 messages/s with the default shares: from a full bucket LOWEST may take 50,
 * LOW 20 more (down to the 30 reserved above it), NORMAL 15 more, HIGH the last 15.
 */
class RoomBudgetTest {
    private static final long T0 = 1_764_288_000_000L;
    private static final Outcome OVERLOAD = Outcome.discarded(DropReason.OVERLOAD);

    private final AdmissionPolicy policy = AdmissionPolicy.ofRate(100);

    /** How many of {@code n} messages of {@code level} at {@code now} are accepted. */
    private static int accepted(RoomBudget budget, Priority level, int n, long now) {
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            if (budget.admit(level, now).isAccepted()) {
                accepted++;
            }
        }
        return accepted;
    }

    @Test
    void givenRoomUnderItsRate_publishEveryLevel_allAccepted() {
        RoomBudget budget = policy.newBudget(T0);

        // 40 messages/s of mixed levels, for ten seconds: under the LOWEST share alone (50/s).
        for (long t = T0; t < T0 + 10_000; t += 100) {
            for (Priority level : List.of(Priority.LOWEST, Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
                assertThat(budget.admit(level, t)).as("%s at +%d ms", level, t - T0).isEqualTo(Outcome.ACCEPTED);
            }
        }
    }

    @Test
    void givenFullRoomBudget_floodLowest_acceptsItsShareThenDiscardsForOverload() {
        RoomBudget budget = policy.newBudget(T0);

        assertThat(accepted(budget, Priority.LOWEST, 50, T0)).isEqualTo(50);
        assertThat(budget.admit(Priority.LOWEST, T0)).isEqualTo(OVERLOAD);
        assertThat(budget.admit(Priority.LOWEST, T0)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenLowestShareSpent_publishHigherLevels_eachGetsUpToItsOwnShare() {
        RoomBudget budget = policy.newBudget(T0);
        accepted(budget, Priority.LOWEST, 100, T0);

        assertThat(accepted(budget, Priority.LOW, 100, T0)).isEqualTo(20);
        assertThat(accepted(budget, Priority.NORMAL, 100, T0)).isEqualTo(15);
        assertThat(accepted(budget, Priority.HIGH, 100, T0)).isEqualTo(15);
        assertThat(budget.admit(Priority.HIGH, T0)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenMixedFlood_publishRoundRobin_lowestRefusedFirstThenLowThenNormalThenHigh() {
        RoomBudget budget = policy.newBudget(T0);
        List<Priority> firstRefused = new ArrayList<>();

        for (int round = 0; round < 100; round++) {
            for (Priority level : List.of(Priority.HIGH, Priority.NORMAL, Priority.LOW, Priority.LOWEST)) {
                Outcome outcome = budget.admit(level, T0);
                if (!outcome.isAccepted()) {
                    assertThat(outcome).isEqualTo(OVERLOAD);
                    if (!firstRefused.contains(level)) {
                        firstRefused.add(level);
                    }
                }
            }
        }

        assertThat(firstRefused).containsExactly(Priority.LOWEST, Priority.LOW, Priority.NORMAL, Priority.HIGH);
    }

    @Test
    void givenLowestJustRefused_publishHigh_isAccepted() {
        RoomBudget budget = policy.newBudget(T0);
        while (budget.admit(Priority.LOWEST, T0).isAccepted()) {
            budget.admit(Priority.LOW, T0);
        }

        assertThat(budget.admit(Priority.HIGH, T0)).isEqualTo(Outcome.ACCEPTED);
        assertThat(budget.admit(Priority.NORMAL, T0)).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void givenSustainedOverload_publishEveryLevel_highGetsThroughWhileLowestAndLowAreDiscarded() {
        RoomBudget budget = policy.newBudget(T0);
        List<Priority> levels = List.of(Priority.LOWEST, Priority.LOW, Priority.NORMAL, Priority.HIGH);
        // 4 messages every 10 ms = 400/s against a budget of 100/s; the first 100 rounds use up the burst.
        long t = T0;
        for (int round = 0; round < 100; round++, t += 10) {
            for (Priority level : levels) {
                budget.admit(level, t);
            }
        }
        int lowestOrLow = 0;
        int high = 0;
        for (int round = 0; round < 500; round++, t += 10) {
            lowestOrLow += budget.admit(Priority.LOWEST, t).isAccepted() ? 1 : 0;
            lowestOrLow += budget.admit(Priority.LOW, t).isAccepted() ? 1 : 0;
            budget.admit(Priority.NORMAL, t);
            high += budget.admit(Priority.HIGH, t).isAccepted() ? 1 : 0;
        }

        assertThat(lowestOrLow).isZero();
        assertThat(high).isEqualTo(500);
    }

    @Test
    void givenEmptyBudget_publishCritical_isAdmittedUpToItsOwnRate() {
        RoomBudget budget = policy.newBudget(T0);
        accepted(budget, Priority.HIGH, 200, T0);
        assertThat(budget.admit(Priority.HIGH, T0)).isEqualTo(OVERLOAD);

        assertThat(accepted(budget, Priority.CRITICAL, 10_000, T0)).as("the default CRITICAL rate, 100/s").isEqualTo(100);
    }

    @Test
    void givenFullBudget_publishCritical_stillSpendsTokens() {
        RoomBudget budget = policy.newBudget(T0);

        assertThat(accepted(budget, Priority.CRITICAL, 100, T0)).isEqualTo(100);

        assertThat(budget.admit(Priority.HIGH, T0)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenManyCriticalsOnEmptyBudget_advanceTime_refillsFromZeroNotBelow() {
        RoomBudget budget = policy.newBudget(T0);
        accepted(budget, Priority.CRITICAL, 1_000, T0);

        // Tokens never went below zero, so 10 ms (one token) is enough for one HIGH.
        assertThat(budget.admit(Priority.HIGH, T0 + 10)).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void givenEmptyBudget_advanceTenMillis_refillsOneToken() {
        RoomBudget budget = policy.newBudget(T0);
        accepted(budget, Priority.HIGH, 100, T0);
        assertThat(budget.admit(Priority.HIGH, T0 + 5)).as("half a token").isEqualTo(OVERLOAD);

        assertThat(budget.admit(Priority.HIGH, T0 + 10)).isEqualTo(Outcome.ACCEPTED);
        assertThat(budget.admit(Priority.HIGH, T0 + 10)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenEmptyBudget_advanceOneSecond_isFullAndIdleAgain() {
        RoomBudget budget = policy.newBudget(T0);
        assertThat(budget.isIdle(T0)).isTrue();
        accepted(budget, Priority.HIGH, 100, T0);
        assertThat(budget.isIdle(T0)).isFalse();
        assertThat(budget.isIdle(T0 + 999)).isFalse();

        assertThat(budget.isIdle(T0 + 1_000)).isTrue();
        assertThat(accepted(budget, Priority.LOWEST, 100, T0 + 1_000)).isEqualTo(50);
    }

    @Test
    void givenLongQuiet_refill_holdsAtMostOneSecondOfBurst() {
        RoomBudget budget = policy.newBudget(T0);

        assertThat(accepted(budget, Priority.HIGH, 1_000, T0 + 60_000)).isEqualTo(100);
    }

    @Test
    void givenClockGoingBack_admit_doesNotRefill() {
        RoomBudget budget = policy.newBudget(T0);
        accepted(budget, Priority.HIGH, 100, T0);

        assertThat(budget.admit(Priority.HIGH, T0 - 5_000)).isEqualTo(OVERLOAD);
        assertThat(budget.admit(Priority.HIGH, T0 + 10)).isEqualTo(Outcome.ACCEPTED);
        assertThat(budget.admit(Priority.HIGH, T0 + 10)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenRateOfOnePerSecond_idleRoom_stillAdmitsEveryLevelOnce() {
        RoomBudget budget = AdmissionPolicy.ofRate(1).newBudget(T0);
        assertThat(budget.admit(Priority.LOWEST, T0)).isEqualTo(Outcome.ACCEPTED);
        RoomBudget fresh = AdmissionPolicy.ofRate(1).newBudget(T0);
        assertThat(fresh.admit(Priority.NORMAL, T0)).isEqualTo(Outcome.ACCEPTED);
        assertThat(fresh.admit(Priority.LOWEST, T0)).isEqualTo(OVERLOAD);
    }

    @Test
    void givenCriticalRate_criticalPastIt_isRefused_andComesBackAsItRefills() {
        RoomBudget budget = AdmissionPolicy.ofRate(100).withCriticalRate(10).newBudget(T0);

        assertThat(accepted(budget, Priority.CRITICAL, 15, T0)).as("one second of the CRITICAL rate").isEqualTo(10);
        assertThat(budget.admit(Priority.CRITICAL, T0)).isEqualTo(OVERLOAD);
        assertThat(accepted(budget, Priority.CRITICAL, 5, T0 + 100)).as("a tenth of a second refills one").isEqualTo(1);
        assertThat(budget.isIdle(T0 + 100)).isFalse();
        assertThat(budget.isIdle(T0 + 2_000)).isTrue();
    }

    @Test
    void givenNoCriticalRate_criticalIsAlwaysAdmitted() {
        RoomBudget budget = AdmissionPolicy.ofRate(100).withCriticalRate(0).newBudget(T0);

        assertThat(accepted(budget, Priority.CRITICAL, 10_000, T0)).isEqualTo(10_000);
    }
}
