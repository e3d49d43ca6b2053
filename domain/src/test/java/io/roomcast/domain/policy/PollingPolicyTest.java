package io.roomcast.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.policy.PollingPolicy.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollingPolicyTest {
    private final PollingPolicy defaults = PollingPolicy.defaults();

    @ParameterizedTest
    @CsvSource({"0,1500", "1,1500", "99,1500", "100,1750", "500,1750", "999,1750", "1000,2000", "1000000,2000",
            "2147483647,2000"})
    void givenDefaults_pollAfter_growsWithRoomSize(int online, long millis) {
        assertThat(defaults.pollAfterMillis(online)).isEqualTo(millis);
    }

    @Test
    void givenNegativeOnlineCount_pollAfter_isFirstStep() {
        assertThat(defaults.pollAfterMillis(-1)).isEqualTo(1_500);
    }

    @Test
    void givenNoLimitAsked_limit_isFifteen() {
        assertThat(defaults.limit(null)).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 100})
    void givenLimitInRange_limit_isThatLimit(int requested) {
        assertThat(defaults.limit(requested)).isEqualTo(requested);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void givenLimitOutOfRange_limit_isInvalidArgumentNamingLimit(int requested) {
        assertThatThrownBy(() -> defaults.limit(requested))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("limit: ").contains("between 1 and 100")
                            .contains("got " + requested);
                });
    }

    @Test
    void givenCustomUnsortedSteps_pollAfter_appliesEachFromItsMinimum() {
        PollingPolicy policy = new PollingPolicy(List.of(new Step(500, 3_000), new Step(0, 1_000), new Step(50, 2_000)),
                10, 20);

        assertThat(policy.steps()).extracting(Step::minOnline).containsExactly(0, 50, 500);
        assertThat(policy.pollAfterMillis(49)).isEqualTo(1_000);
        assertThat(policy.pollAfterMillis(50)).isEqualTo(2_000);
        assertThat(policy.pollAfterMillis(499)).isEqualTo(2_000);
        assertThat(policy.pollAfterMillis(500)).isEqualTo(3_000);
        assertThat(policy.limit(null)).isEqualTo(10);
        assertThatThrownBy(() -> policy.limit(21)).isInstanceOf(RoomcastException.class);
    }

    @Test
    void givenSingleStep_pollAfter_isConstant() {
        PollingPolicy policy = new PollingPolicy(List.of(new Step(0, 800)), 1, 1);

        assertThat(policy.pollAfterMillis(0)).isEqualTo(800);
        assertThat(policy.pollAfterMillis(1_000_000)).isEqualTo(800);
        assertThat(policy.limit(1)).isEqualTo(1);
    }

    @Test
    void givenStepsNotStartingAtZero_construct_isRejected() {
        assertThatThrownBy(() -> new PollingPolicy(List.of(new Step(10, 1_000)), 15, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollingPolicy(List.of(), 15, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenBadLimits_construct_isRejected() {
        assertThatThrownBy(() -> new PollingPolicy(PollingPolicy.DEFAULT_STEPS, 0, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollingPolicy(PollingPolicy.DEFAULT_STEPS, 20, 19))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenBadStep_construct_isRejected() {
        assertThatThrownBy(() -> new Step(-1, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Step(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenPolicy_steps_cannotBeModified() {
        assertThatThrownBy(() -> defaults.steps().add(new Step(5, 5)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
