package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.block.BlockPolicy;
import org.junit.jupiter.api.Test;

/** Window from 50 ms to 1 s; looks every 100 ms. */
class AdaptiveWindowTest {
    private static final long T0 = 1_000_000;
    private final AdaptiveWindow window = new AdaptiveWindow(BlockPolicy.defaults(), T0);

    @Test
    void givenNewNode_window_isTheShortest() {
        assertThat(window.millis()).isEqualTo(50);
    }

    @Test
    void givenLoopLagOfAWindow_observe_doublesTheWindowAtMostOncePerWindow() {
        window.observe(T0 + 100, 50, 1_000, 0, -1);
        assertThat(window.millis()).isEqualTo(100);

        window.observe(T0 + 150, 500, 1_000, 0, -1);
        assertThat(window.millis()).as("the last growth has not shown yet").isEqualTo(100);

        window.observe(T0 + 200, 500, 1_000, 0, -1);
        assertThat(window.millis()).isEqualTo(200);
    }

    @Test
    void givenOneViewerIn20Holding_observe_staysButMoreThanThatGrows() {
        window.observe(T0 + 100, 0, 1_000, 50, -1);
        assertThat(window.millis()).isEqualTo(50);

        window.observe(T0 + 200, 0, 1_000, 51, -1);
        assertThat(window.millis()).isEqualTo(100);
    }

    @Test
    void givenOneSlowViewerAmongMany_observe_doesNotGrow() {
        for (long t = T0 + 100; t < T0 + 2_000; t += 100) {
            window.observe(t, 0, 10_000, 1, -1);
        }
        assertThat(window.millis()).isEqualTo(50);
    }

    @Test
    void givenBehindForLong_window_stopsAtTheLongest() {
        for (long t = T0 + 100; t < T0 + 10_000; t += 100) {
            window.observe(t, 5_000, 1_000, 1_000, -1);
        }
        assertThat(window.millis()).isEqualTo(1_000);
    }

    @Test
    void givenCalmAfterLoad_window_shrinksByAQuarterEachHalfSecond_downToTheShortest() {
        long t = T0;
        while (window.millis() < 1_000) {
            t += 100;
            window.observe(t, 5_000, 1_000, 1_000, -1);
        }

        window.observe(t + 400, 0, 1_000, 0, -1);
        assertThat(window.millis()).as("not yet half a second calm").isEqualTo(1_000);
        window.observe(t + 500, 0, 1_000, 0, -1);
        assertThat(window.millis()).isEqualTo(750);
        window.observe(t + 1_000, 0, 1_000, 0, -1);
        assertThat(window.millis()).isEqualTo(563);

        for (t += 1_000; t < T0 + 60_000; t += 100) {
            window.observe(t, 0, 1_000, 0, -1);
        }
        assertThat(window.millis()).isEqualTo(50);
    }

    @Test
    void givenLoadBetweenCalmAndBehind_window_stays() {
        long t = T0;
        for (; window.millis() < 400; t += 100) {
            window.observe(t, 5_000, 1_000, 1_000, -1);
        }
        long grown = window.millis();

        for (long end = t + 5_000; t < end; t += 100) {
            window.observe(t, grown / 2, 1_000, 20, -1);
        }

        assertThat(window.millis()).isEqualTo(grown);
    }

    @Test
    void givenBusyMachine_observe_growsByAQuarter_andShrinksOnlyWhenTheMachineIsCalm() {
        window.observe(T0 + 100, 0, 1_000, 0, 0.85);
        assertThat(window.millis()).isEqualTo(62);
        window.observe(T0 + 200, 0, 1_000, 0, 0.9);
        assertThat(window.millis()).isEqualTo(77);

        for (long t = T0 + 300; t < T0 + 5_000; t += 100) {
            window.observe(t, 0, 1_000, 0, 0.75);
        }
        assertThat(window.millis()).as("between calm and busy: stays").isEqualTo(77);

        window.observe(T0 + 5_000, 0, 1_000, 0, 0.6);
        window.observe(T0 + 5_500, 0, 1_000, 0, 0.6);
        assertThat(window.millis()).isEqualTo(58);
    }

    @Test
    void givenStalledAtTheLongestWindow_observe_cutsBlocksByHalvesOncePerWindow_andLiftsTheCutBeforeShrinking() {
        long t = T0;
        while (window.millis() < 1_000) {
            t += 100;
            window.observe(t, 5_000, 1_000, 1_000, -1);
        }
        assertThat(window.maxEntries()).isEqualTo(Integer.MAX_VALUE);

        t += 1_000;
        window.observe(t, 5_000, 1_000, 1_000, -1);
        assertThat(window.maxEntries()).isEqualTo(256);
        window.observe(t + 500, 5_000, 1_000, 1_000, -1);
        assertThat(window.maxEntries()).as("once per window").isEqualTo(256);
        for (int i = 1; i <= 10; i++) {
            window.observe(t + i * 1_000, 5_000, 1_000, 1_000, -1);
        }
        assertThat(window.maxEntries()).isEqualTo(16);

        t += 10_000;
        for (int i = 1; i <= 5; i++) {
            window.observe(t + i * 500, 0, 1_000, 0, 0.1);
        }
        assertThat(window.maxEntries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(window.millis()).as("the cut lifts first").isEqualTo(1_000);
        window.observe(t + 3_000, 0, 1_000, 0, 0.1);
        assertThat(window.millis()).isEqualTo(750);
    }
}
