package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.testing.ManualClock;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {

    @Test
    void givenABurstOfTwo_aThirdTake_waitsForTheNextToken_andTheRefillGrantsIt() {
        ManualClock clock = new ManualClock();
        KeyedRateLimiter limiter = new KeyedRateLimiter(clock, 1, 1_000, 2, 10);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(1_000);
        assertThat(limiter.waitMillis("a")).isEqualTo(1_000);
        clock.advance(400);
        assertThat(limiter.take("a")).isEqualTo(600);
        clock.advance(600);
        assertThat(limiter.take("a")).isZero();
    }

    @Test
    void givenOneKeyExhausted_anotherKey_isUntouched() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(new ManualClock(), 1, 1_000, 1, 10);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
        assertThat(limiter.take("b")).isZero();
        assertThat(limiter.waitMillis("never-seen")).isZero();
    }

    @Test
    void givenARateOfZero_everythingPasses_andNothingIsTracked() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(new ManualClock(), 0, 1_000, 0, 10);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.take("a")).isZero();
        }
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void givenAFloodOfDistinctKeys_theTableStaysBounded_refilledBucketsAreSwept_andUnknownKeysPass() {
        ManualClock clock = new ManualClock();
        KeyedRateLimiter limiter = new KeyedRateLimiter(clock, 1, 1_000, 1, 100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.take("k" + i)).isZero();
        }
        assertThat(limiter.tracked()).isEqualTo(100);
        assertThat(limiter.take("k0")).as("a tracked key keeps its limit").isPositive();
        clock.advance(1_000);
        assertThat(limiter.take("fresh")).isZero();
        assertThat(limiter.tracked()).as("full buckets swept").isEqualTo(1);
    }
}
