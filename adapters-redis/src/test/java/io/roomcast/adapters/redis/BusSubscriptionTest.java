package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusSubscriptionTest {

    @Test
    void givenAttemptsThatKeepFailing_retriesBackOff_doublingUpToFiveSeconds() {
        assertThat(BusSubscription.retryDelayMillis(1)).isEqualTo(200);
        assertThat(BusSubscription.retryDelayMillis(2)).isEqualTo(400);
        assertThat(BusSubscription.retryDelayMillis(5)).isEqualTo(3_200);
        assertThat(BusSubscription.retryDelayMillis(6)).isEqualTo(5_000);
        assertThat(BusSubscription.retryDelayMillis(1_000)).isEqualTo(5_000);
    }

    @Test
    void givenAFailedAttempt_theNextIsDueOnlyAfterItsDelay_andASuccessMakesItDueAgainAtOnce() {
        BusSubscription s = new BusSubscription(Optional.empty());
        long t0 = 1_000_000_000L;
        assertThat(s.due(t0)).isTrue();

        s.failed(t0);
        s.failed(t0);
        assertThat(s.due(t0 + TimeUnit.MILLISECONDS.toNanos(399))).isFalse();
        assertThat(s.due(t0 + TimeUnit.MILLISECONDS.toNanos(400))).isTrue();

        s.succeeded();
        assertThat(s.due(t0)).isTrue();
    }

    @Test
    void givenConfirmedOnANode_onlyThatNodesLoss_orAnUnknownOnes_reachesIt() {
        BusSubscription s = new BusSubscription(Optional.empty());
        s.confirmedOn(Optional.of("127.0.0.1:7001"));

        assertThat(s.dependsOn(Optional.of("127.0.0.1:7001"))).isTrue();
        assertThat(s.dependsOn(Optional.empty())).isTrue();
        assertThat(s.dependsOn(Optional.of("127.0.0.1:7002"))).isFalse();
    }

    @Test
    void givenConfirmedAgainByANodeNotKnown_afterItsSlotMoved_theLossOfAnyNodeReachesIt() {
        BusSubscription s = new BusSubscription(Optional.empty());
        s.confirmedOn(Optional.of("127.0.0.1:7001"));

        s.confirmedOn(Optional.empty());

        assertThat(s.dependsOn(Optional.of("127.0.0.1:7002"))).as("the node it may have moved to").isTrue();
    }
}
