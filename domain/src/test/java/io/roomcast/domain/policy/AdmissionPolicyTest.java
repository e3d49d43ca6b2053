package io.roomcast.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Priority;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdmissionPolicyTest {

    private static Map<Priority, Double> shares(double lowest, double low, double normal, double high) {
        Map<Priority, Double> shares = new HashMap<>();
        shares.put(Priority.LOWEST, lowest);
        shares.put(Priority.LOW, low);
        shares.put(Priority.NORMAL, normal);
        shares.put(Priority.HIGH, high);
        return shares;
    }

    @Test
    void givenDefaults_construct_isThousandPerSecondWithDocumentedShares() {
        AdmissionPolicy policy = AdmissionPolicy.defaults();

        assertThat(policy.messagesPerSecond()).isEqualTo(1_000);
        assertThat(policy.shares()).isEqualTo(Map.of(Priority.LOWEST, 0.50, Priority.LOW, 0.70,
                Priority.NORMAL, 0.85, Priority.HIGH, 1.00));
        assertThat(policy.share(Priority.CRITICAL)).isEqualTo(1.0);
    }

    @Test
    void givenPolicy_bucketParameters_areWhatTheBudgetAndTheRedisScriptUse() {
        AdmissionPolicy policy = AdmissionPolicy.ofRate(10).withCriticalRate(0.5);

        assertThat(policy.capacity()).isEqualTo(10);
        assertThat(policy.reserved(Priority.LOWEST)).isEqualTo(5);
        assertThat(policy.reserved(Priority.HIGH)).isZero();
        assertThat(policy.reserved(Priority.CRITICAL)).isZero();
        assertThat(policy.criticalCapacity()).as("at least one token").isEqualTo(1);
        assertThat(AdmissionPolicy.ofRate(1).capacity()).as("LOWEST's half still holds one").isEqualTo(2);
        assertThat(AdmissionPolicy.ofRate(10).withCriticalRate(0).criticalCapacity()).as("no limit").isZero();
    }

    @Test
    void givenRate_ofRate_usesDefaultShares() {
        AdmissionPolicy policy = AdmissionPolicy.ofRate(50);

        assertThat(policy.messagesPerSecond()).isEqualTo(50);
        assertThat(policy.shares()).isEqualTo(AdmissionPolicy.DEFAULT_SHARES);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void givenRateNotPositiveAndFinite_construct_isRejected(double rate) {
        assertThatThrownBy(() -> AdmissionPolicy.ofRate(rate)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.1, 1.01, Double.NaN})
    void givenShareOutOfRange_construct_isRejected(double bad) {
        assertThatThrownBy(() -> new AdmissionPolicy(100, shares(bad, 0.7, 0.85, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOWEST");
        assertThatThrownBy(() -> new AdmissionPolicy(100, shares(0.5, 0.7, 0.85, bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HIGH");
    }

    @Test
    void givenHigherLevelWithSmallerShare_construct_isRejected() {
        assertThatThrownBy(() -> new AdmissionPolicy(100, shares(0.5, 0.4, 0.85, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOW");
    }

    @Test
    void givenMissingShare_construct_isRejected() {
        Map<Priority, Double> withoutNormal = shares(0.5, 0.7, 0.85, 1.0);
        withoutNormal.remove(Priority.NORMAL);

        assertThatThrownBy(() -> new AdmissionPolicy(100, withoutNormal))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NORMAL");
    }

    @Test
    void givenEqualShares_construct_isAccepted() {
        AdmissionPolicy flat = new AdmissionPolicy(100, shares(1.0, 1.0, 1.0, 1.0));

        assertThat(flat.share(Priority.LOWEST)).isEqualTo(1.0);
    }

    @Test
    void givenSharesMap_mutateAfterConstruct_policyUnchanged() {
        Map<Priority, Double> source = new EnumMap<>(shares(0.5, 0.7, 0.85, 1.0));
        AdmissionPolicy policy = new AdmissionPolicy(100, source);

        source.put(Priority.LOWEST, 0.1);

        assertThat(policy.share(Priority.LOWEST)).isEqualTo(0.5);
        assertThatThrownBy(() -> policy.shares().put(Priority.LOWEST, 0.1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenShareForCritical_construct_ignoresIt() {
        Map<Priority, Double> source = shares(0.5, 0.7, 0.85, 1.0);
        source.put(Priority.CRITICAL, 0.01);

        AdmissionPolicy policy = new AdmissionPolicy(100, source);

        assertThat(policy.shares()).doesNotContainKey(Priority.CRITICAL);
        assertThat(policy.share(Priority.CRITICAL)).isEqualTo(1.0);
    }
}
