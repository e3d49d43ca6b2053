package io.roomcast.domain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockPolicyTest {

    @Test
    void givenDefaults_construct_isWindowFrom50msTo1sOneSecondQuietTwentyPerSecond() {
        BlockPolicy policy = BlockPolicy.defaults();

        assertThat(policy.shortestWindowMillis()).isEqualTo(50);
        assertThat(policy.windowMillis()).isEqualTo(1_000);
        assertThat(policy.isAdaptive()).isTrue();
        assertThat(policy.quietMillis()).isEqualTo(1_000);
        assertThat(policy.renderBudgetPerSecond()).isEqualTo(20);
        assertThat(policy.entriesPerBlock()).isEqualTo(20);
        assertThat(policy.entriesPerBlock(50)).isEqualTo(1);
    }

    @Test
    void givenShortestAboveLongest_withWindow_clampsToAFixedWindow() {
        BlockPolicy fixed = BlockPolicy.defaults().withWindow(200, 20);

        assertThat(fixed.windowMillis()).isEqualTo(20);
        assertThat(fixed.shortestWindowMillis()).isEqualTo(20);
        assertThat(fixed.urgentGapMillis()).isEqualTo(20);
        assertThat(fixed.isAdaptive()).isFalse();
        assertThatThrownBy(() -> new BlockPolicy(100, 0, 20, 0, 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"1000,20,20", "2000,20,40", "100,15,2", "50,20,1", "10,20,1", "1,1,1", "1500,15,23"})
    void givenWindowAndRenderBudget_entriesPerBlock_isBudgetOverWindowRoundedUpAtLeastOne(long window, int budget,
            int expected) {
        assertThat(new BlockPolicy(window, 0, budget).entriesPerBlock()).isEqualTo(expected);
    }

    @Test
    void givenRenderBudgetOff_entriesPerBlock_isUnlimited() {
        assertThat(new BlockPolicy(500, 1_000, 0).entriesPerBlock()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void givenBadSettings_construct_isRejected() {
        assertThatThrownBy(() -> new BlockPolicy(0, 1_000, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockPolicy(500, -1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockPolicy(500, 1_000, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenZeroQuiet_construct_isAccepted() {
        assertThat(new BlockPolicy(1, 0, 0).quietMillis()).isZero();
    }

    @Test
    void urgentGap_isThePolicysGap_orAQuarterOfALongWindow_atMostTheWindow() {
        BlockPolicy policy = BlockPolicy.defaults();
        assertThat(policy.urgentGapMillis(50)).isEqualTo(50);
        assertThat(policy.urgentGapMillis(500)).isEqualTo(200);
        assertThat(policy.urgentGapMillis(2_000)).isEqualTo(500);
    }
}
