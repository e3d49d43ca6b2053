package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Clock;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Chronicle's time, which picks the cycle file a document goes to, taken from the store's
 * {@link Clock} (so tests move cycles by moving a fake clock) and never going back: not below an
 * earlier answer, and not below a floor the store raises at start to the newest cycle on disk. A
 * cycle older than one already written would put new documents before old ones in the queue.
 * Thread-safe.
 */
final class ClockTimeProvider implements TimeProvider {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    ClockTimeProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeMillis() {
        long now = clock.millis();
        return last.accumulateAndGet(now, Math::max);
    }

    @Override
    public long currentTimeMicros() {
        return currentTimeMillis() * 1_000L;
    }

    @Override
    public long currentTimeNanos() {
        return currentTimeMillis() * 1_000_000L;
    }

    /** From now on, never earlier than {@code millis}. */
    void raiseTo(long millis) {
        last.accumulateAndGet(millis, Math::max);
    }
}
