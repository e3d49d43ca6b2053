package io.roomcast.benchmarks.jmh;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import java.nio.file.Path;

/**
 * The {@link MessageStore} implementations the store benchmarks run against, chosen with
 * {@code -p store=...} (Caffeine's {@code CacheType} pattern).
 *
 * <p>Only {@link #MEMORY} is wired: the benchmarks module does not depend on the Chronicle and
 * Redis adapters yet, and asking for them fails at setup with what is missing, rather than
 * measuring something else.
 */
public enum StoreType {
    /** {@link InMemoryMessageStore}: the heap, behind a read-write lock. */
    MEMORY,
    /** The embedded Chronicle Queue store, in a fresh directory under {@code scratchDir}. */
    CHRONICLE,
    /** The Redis store, against a {@code redis-server} the benchmark starts for itself. */
    REDIS;

    /**
     * Opens a fresh, empty store of this type for one trial. The caller closes it and then
     * deletes {@code scratchDir}, which is the store's to use (queue files, a server's directory).
     */
    MessageStore open(Retention retention, Clock clock, Path scratchDir) {
        return switch (this) {
            case MEMORY -> new InMemoryMessageStore(retention, clock);
            case CHRONICLE, REDIS -> throw new IllegalStateException(name()
                    + " is not wired into the benchmarks yet: the benchmarks module needs a dependency on the "
                    + name().toLowerCase(java.util.Locale.ROOT) + " adapter and a way to construct its store;"
                    + " run with -p store=MEMORY");
        };
    }
}
