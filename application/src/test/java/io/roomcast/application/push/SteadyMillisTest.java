package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** {@link SteadyMillis}: the clock's forward movement, never a step back. */
class SteadyMillisTest {
    private final ManualClock clock = new ManualClock();
    private final SteadyMillis steady = new SteadyMillis(clock);

    @Test
    void givenTheClockMovingForward_millis_followsIt() {
        long start = steady.millis();
        clock.advance(250);
        assertThat(steady.millis()).isEqualTo(start + 250);
    }

    @Test
    void givenTheClockSteppedBackTwoHours_millis_holdsThenGoesOnFromThereAsTheClockMoves() {
        long start = steady.millis();
        clock.advance(100);
        assertThat(steady.millis()).isEqualTo(start + 100);
        clock.advance(-7_200_000);
        assertThat(steady.millis()).isEqualTo(start + 100);
        clock.advance(400);
        assertThat(steady.millis()).isEqualTo(start + 500);
    }
}
