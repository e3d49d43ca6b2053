package io.roomcast.application.port.out;

import io.roomcast.domain.message.Category;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long a store keeps messages: at most {@code maxPerStream} per stream (one category of one
 * room, one user's unicast messages, the broadcasts) and nothing older than its category's
 * {@code maxAge}. Applied on write, so it never falls behind. Idempotency keys are remembered for
 * the longest of the ages.
 */
public record Retention(int maxPerStream, Map<Category, Duration> maxAge) {
    public Retention {
        if (maxPerStream < 1) {
            throw new IllegalArgumentException("maxPerStream must be positive: " + maxPerStream);
        }
        Map<Category, Duration> copy = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            Duration age = Objects.requireNonNull(maxAge.get(category), "no retention age for " + category);
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("retention age for " + category + " must be positive");
            }
            copy.put(category, age);
        }
        maxAge = Map.copyOf(copy);
    }

    /** 10,000 messages per stream, one hour for every category. */
    public static Retention defaults() {
        return uniform(10_000, Duration.ofHours(1));
    }

    public static Retention uniform(int maxPerStream, Duration age) {
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            ages.put(category, age);
        }
        return new Retention(maxPerStream, ages);
    }

    public long maxAgeMillis(Category category) {
        return maxAge.get(category).toMillis();
    }

    public long shortestAgeMillis() {
        return maxAge.values().stream().mapToLong(Duration::toMillis).min().orElseThrow();
    }

    public long longestAgeMillis() {
        return maxAge.values().stream().mapToLong(Duration::toMillis).max().orElseThrow();
    }
}
