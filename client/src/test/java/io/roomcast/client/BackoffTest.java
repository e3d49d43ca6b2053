package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void givenAttempts_delay_doublesUpToTheMaximum_withJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        Set<Long> first = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long d0 = backoff.delayMillis(0);
            first.add(d0);
            assertThat(d0).isBetween(50L, 100L);
            assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
            assertThat(backoff.delayMillis(10)).isBetween(2_500L, 5_000L);
            assertThat(backoff.delayMillis(1_000)).isBetween(2_500L, 5_000L);
        }
        assertThat(first).as("jittered").hasSizeGreaterThan(1);
    }

    @Test
    void givenBadBounds_backoff_refusesThem() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
