package io.roomcast.application.push;

import io.roomcast.application.port.out.Clock;

/**
 * The wall clock as the push core times its windows and looks: it follows the clock's steps
 * forward and never goes back. Measured: with windows timed by the wall clock itself, a clock
 * stepped back two hours held every room's window shut for two hours (no block at all;
 * {@code ClockSteppedBackUnderLoadIT}); messages' ages and blocks' stamps still use the wall clock.
 * Built on the {@link Clock} port rather than {@code System.nanoTime()}, so a test's clock drives
 * it. Not thread-safe: one per thread that reads it.
 */
final class SteadyMillis {
    private final Clock clock;
    private long lastWall;
    private long steady;

    SteadyMillis(Clock clock) {
        this.clock = clock;
        this.lastWall = clock.millis();
        this.steady = lastWall;
    }

    /** Milliseconds that never go back: the wall clock's forward movement added up. */
    long millis() {
        long wall = clock.millis();
        if (wall > lastWall) {
            steady += wall - lastWall;
        }
        lastWall = wall;
        return steady;
    }
}
