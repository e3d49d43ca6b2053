package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Settings of the embedded Chronicle store. Keys, with their defaults:
 *
 * <pre>
 * roomcast.data-dir                        data        queue files go to {data-dir}/chronicle
 * roomcast.chronicle.roll-cycle            FAST_HOURLY one file per cycle; any name of Chronicle's RollCycles
 * roomcast.chronicle.append-timeout        5s          a publish waits this long for the writer, then fails
 * roomcast.chronicle.lock-timeout          2s          Chronicle's wait for its file write lock
 * roomcast.retention.max-per-stream        10000       messages kept per stream
 * roomcast.retention.max-age               1h          age limit of every category ...
 * roomcast.retention.max-age.{category}    (max-age)   ... or of one: gift, chat, notify, pk
 * </pre>
 *
 * Durations are {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601
 * ({@code PT1H}). An unknown {@code roomcast.chronicle.*} key is an error listing the valid ones;
 * other keys belong to other modules and are ignored.
 *
 * <p>Cycle files are deleted once no retained message, state or idempotency key needs them, so
 * disk retention follows {@code retention}: files older than the longest age go at the next roll.
 *
 * @param lockTimeout how long Chronicle waits for its own write lock before checking whether the
 *                    holder died (it then takes the lock over); also bounds the clearing of a
 *                    document a killed process left half-written
 */
public record ChronicleStoreConfig(
        Path dataDir, RollCycles rollCycle, Retention retention, Duration appendTimeout, Duration lockTimeout) {

    public static final String DATA_DIR = "roomcast.data-dir";
    public static final String ROLL_CYCLE = "roomcast.chronicle.roll-cycle";
    public static final String APPEND_TIMEOUT = "roomcast.chronicle.append-timeout";
    public static final String LOCK_TIMEOUT = "roomcast.chronicle.lock-timeout";
    public static final String MAX_PER_STREAM = "roomcast.retention.max-per-stream";
    public static final String MAX_AGE = "roomcast.retention.max-age";

    static {
        ChronicleProperties.apply();
    }

    private static final String CHRONICLE_PREFIX = "roomcast.chronicle.";
    private static final List<String> CHRONICLE_KEYS = List.of(ROLL_CYCLE, APPEND_TIMEOUT, LOCK_TIMEOUT);

    public ChronicleStoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(retention, "retention");
        requirePositive(appendTimeout, APPEND_TIMEOUT);
        requirePositive(lockTimeout, LOCK_TIMEOUT);
    }

    /** Every default, with queue files under {@code ./data/chronicle}. */
    public static ChronicleStoreConfig defaults() {
        return new ChronicleStoreConfig(Path.of("data"), RollCycles.FAST_HOURLY, Retention.defaults(),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** The defaults with queue files under {@code dataDir/chronicle}. */
    public static ChronicleStoreConfig in(Path dataDir) {
        return defaults().withDataDir(dataDir);
    }

    /** Reads the keys above from {@code properties}; absent keys keep their defaults. */
    public static ChronicleStoreConfig fromProperties(Map<String, String> properties) {
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (key.startsWith(CHRONICLE_PREFIX) && !CHRONICLE_KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting " + unknown + ", valid ones are " + CHRONICLE_KEYS);
        }
        ChronicleStoreConfig d = defaults();
        Path dataDir = properties.containsKey(DATA_DIR) ? Path.of(properties.get(DATA_DIR).trim()) : d.dataDir();
        RollCycles rollCycle = properties.containsKey(ROLL_CYCLE) ? rollCycle(properties.get(ROLL_CYCLE)) : d.rollCycle();
        int maxPerStream = properties.containsKey(MAX_PER_STREAM)
                ? integer(MAX_PER_STREAM, properties.get(MAX_PER_STREAM)) : d.retention().maxPerStream();
        Duration maxAge = properties.containsKey(MAX_AGE) ? duration(MAX_AGE, properties.get(MAX_AGE)) : null;
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            String key = MAX_AGE + "." + category.key();
            Duration age = properties.containsKey(key) ? duration(key, properties.get(key))
                    : maxAge != null ? maxAge : d.retention().maxAge().get(category);
            ages.put(category, age);
        }
        return new ChronicleStoreConfig(dataDir, rollCycle, new Retention(maxPerStream, ages),
                properties.containsKey(APPEND_TIMEOUT)
                        ? duration(APPEND_TIMEOUT, properties.get(APPEND_TIMEOUT)) : d.appendTimeout(),
                properties.containsKey(LOCK_TIMEOUT)
                        ? duration(LOCK_TIMEOUT, properties.get(LOCK_TIMEOUT)) : d.lockTimeout());
    }

    /** Where the queue files and the directory lock live: {@code dataDir/chronicle}. */
    public Path queueDir() {
        return dataDir.resolve("chronicle");
    }

    public ChronicleStoreConfig withDataDir(Path dir) {
        return new ChronicleStoreConfig(dir, rollCycle, retention, appendTimeout, lockTimeout);
    }

    public ChronicleStoreConfig withRollCycle(RollCycles cycle) {
        return new ChronicleStoreConfig(dataDir, cycle, retention, appendTimeout, lockTimeout);
    }

    public ChronicleStoreConfig withRetention(Retention kept) {
        return new ChronicleStoreConfig(dataDir, rollCycle, kept, appendTimeout, lockTimeout);
    }

    private static RollCycles rollCycle(String text) {
        try {
            return RollCycles.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ROLL_CYCLE + ": unknown roll cycle '" + text + "', valid ones are "
                    + Arrays.toString(RollCycles.values()), e);
        }
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a whole number: '" + text + "'", e);
        }
    }

    /** {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d}, or ISO-8601 such as {@code PT1H}. */
    static Duration duration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            int unitAt = 0;
            while (unitAt < t.length() && Character.isDigit(t.charAt(unitAt))) {
                unitAt++;
            }
            long n = Long.parseLong(t.substring(0, unitAt));
            return switch (t.substring(unitAt)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException(key + ": unknown unit in '" + text
                        + "', use ms, s, m, h, d or ISO-8601 (PT1H)");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": not a duration: '" + text
                    + "', use e.g. 500ms, 90s, 5m, 1h, 2d or PT1H", e);
        }
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }
}
