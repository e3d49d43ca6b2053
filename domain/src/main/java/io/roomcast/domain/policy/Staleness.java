package io.roomcast.domain.policy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rule: a message older than its category's maximum age at delivery is dropped ({@link
 * DropReason#AGE}); a late chat line or an old PK score is worse than none. {@code CRITICAL}
 * messages never go stale.
 *
 * <p>Defaults: chat 10 s, notices 15 s, gifts 30 s, PK 30 s.
 */
public final class Staleness {
    public static final Map<Category, Duration> DEFAULT_MAX_AGE = Map.of(
            Category.CHAT, Duration.ofSeconds(10),
            Category.NOTIFY, Duration.ofSeconds(15),
            Category.GIFT, Duration.ofSeconds(30),
            Category.PK, Duration.ofSeconds(30));

    private final long[] maxAgeMillis = new long[Category.values().length];

    public Staleness(Map<Category, Duration> maxAge) {
        Map<Category, Duration> copy = new EnumMap<>(maxAge);
        for (Category category : Category.values()) {
            Duration age = Objects.requireNonNull(copy.get(category), "no maximum age for " + category);
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maximum age for " + category + " must be positive: " + age);
            }
            maxAgeMillis[category.ordinal()] = age.toMillis();
        }
    }

    public static Staleness defaults() {
        return new Staleness(DEFAULT_MAX_AGE);
    }

    public Outcome check(Message message, long nowMillis) {
        return isStale(message, nowMillis) ? Outcome.discarded(DropReason.AGE) : Outcome.ACCEPTED;
    }

    public boolean isStale(Message message, long nowMillis) {
        return message.priority() != Priority.CRITICAL
                && message.ageAt(nowMillis) > maxAgeMillis[message.category().ordinal()];
    }

    public long maxAgeMillis(Category category) {
        return maxAgeMillis[category.ordinal()];
    }
}
