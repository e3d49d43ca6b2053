package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Settings of the embedded Chronicle store. Users set the data directory and retention (bootstrap's
 * {@code data.dir}, {@code retention.count}, {@code retention.seconds}); the roll cycle and the two
 * timeouts keep their defaults there and are for tests and tools.
 *
 * <p>Cycle files are deleted once no retained message, state or idempotency key needs them, so
 * disk retention follows {@code retention}: files older than the longest age go at the next roll.
 *
 * @param dataDir       queue files go to {@code dataDir/chronicle}; default {@code data}
 * @param rollCycle     one file per cycle; default {@code FAST_HOURLY}
 * @param retention     what is kept; default {@link Retention#defaults()}
 * @param appendTimeout how long a publish waits for the writer before it fails; default 5 s
 * @param lockTimeout   how long Chronicle waits for its own write lock before checking whether the
 *                      holder died (it then takes the lock over); also bounds the clearing of a
 *                      document a killed process left half-written; default 2 s
 * @param minFreeBytes  writes are refused (STORE_UNAVAILABLE) while the disk under the queue has less
 *                      free than this: Chronicle writes through memory-mapped sparse files, and a page
 *                      the disk has no room for faults mid-document; default {@value #DEFAULT_MIN_FREE_BYTES}
 */
public record ChronicleStoreConfig(
        Path dataDir, RollCycles rollCycle, Retention retention, Duration appendTimeout, Duration lockTimeout,
        long minFreeBytes) {
    /** 64 MiB: far more than one writer pass writes (a pass of the largest batches is a few MiB). */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    static {
        ChronicleProperties.apply();
    }

    public ChronicleStoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(retention, "retention");
        requirePositive(appendTimeout, "appendTimeout");
        requirePositive(lockTimeout, "lockTimeout");
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes must not be negative, got " + minFreeBytes);
        }
    }

    /** Every default, with queue files under {@code ./data/chronicle}. */
    public static ChronicleStoreConfig defaults() {
        return new ChronicleStoreConfig(Path.of("data"), RollCycles.FAST_HOURLY, Retention.defaults(),
                Duration.ofSeconds(5), Duration.ofSeconds(2), DEFAULT_MIN_FREE_BYTES);
    }

    /** The defaults with queue files under {@code dataDir/chronicle}. */
    public static ChronicleStoreConfig in(Path dataDir) {
        return defaults().withDataDir(dataDir);
    }

    /** Where the queue files and the directory lock live: {@code dataDir/chronicle}. */
    public Path queueDir() {
        return dataDir.resolve("chronicle");
    }

    public ChronicleStoreConfig withDataDir(Path dir) {
        return new ChronicleStoreConfig(dir, rollCycle, retention, appendTimeout, lockTimeout, minFreeBytes);
    }

    public ChronicleStoreConfig withRollCycle(RollCycles cycle) {
        return new ChronicleStoreConfig(dataDir, cycle, retention, appendTimeout, lockTimeout, minFreeBytes);
    }

    public ChronicleStoreConfig withRetention(Retention kept) {
        return new ChronicleStoreConfig(dataDir, rollCycle, kept, appendTimeout, lockTimeout, minFreeBytes);
    }

    public ChronicleStoreConfig withMinFreeBytes(long bytes) {
        return new ChronicleStoreConfig(dataDir, rollCycle, retention, appendTimeout, lockTimeout, bytes);
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }
}
