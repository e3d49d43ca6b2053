package io.roomcast.application.testing;

import io.roomcast.application.port.out.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand; thread-safe. */
public final class ManualClock implements Clock {
    private final AtomicLong now;

    public ManualClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    public ManualClock() {
        this(1_764_288_000_000L);
    }

    @Override
    public long millis() {
        return now.get();
    }

    public long advance(long millis) {
        return now.addAndGet(millis);
    }

    public void set(long millis) {
        now.set(millis);
    }
}
