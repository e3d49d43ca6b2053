package io.roomcast.domain.policy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rule: the priority a message gets. An explicit priority from the business server wins; a
 * gift takes the level of the highest threshold its value reaches; otherwise the category's
 * default applies.
 */
public final class PriorityAssignment {

    /** A gift worth at least {@code minValue} coins gets {@code priority}. */
    public record GiftThreshold(long minValue, Priority priority) {
        public GiftThreshold {
            if (minValue < 0) {
                throw new IllegalArgumentException("gift threshold must not be negative: " + minValue);
            }
            Objects.requireNonNull(priority, "priority");
        }
    }

    /**
     * Chat is LOW, notices LOWEST (entry notices, likes), PK NORMAL. A gift's level comes from the
     * gift thresholds; the GIFT entry here applies only when no threshold matches (none configured).
     */
    public static final Map<Category, Priority> DEFAULT_LEVELS = Map.of(
            Category.GIFT, Priority.NORMAL,
            Category.PK, Priority.NORMAL,
            Category.CHAT, Priority.LOW,
            Category.NOTIFY, Priority.LOWEST);

    /** Gifts under 10 coins are LOW, from 10 NORMAL, from 1,000 HIGH. */
    public static final List<GiftThreshold> DEFAULT_GIFT_THRESHOLDS = List.of(
            new GiftThreshold(0, Priority.LOW),
            new GiftThreshold(10, Priority.NORMAL),
            new GiftThreshold(1_000, Priority.HIGH));

    private final Map<Category, Priority> levels;
    private final List<GiftThreshold> thresholds;

    public PriorityAssignment(Map<Category, Priority> levels, List<GiftThreshold> giftThresholds) {
        this.levels = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            this.levels.put(category, Objects.requireNonNull(levels.get(category), "no default level for " + category));
        }
        List<GiftThreshold> sorted = giftThresholds.stream()
                .sorted(Comparator.comparingLong(GiftThreshold::minValue)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).priority().compareTo(sorted.get(i - 1).priority()) < 0) {
                throw new IllegalArgumentException("gift thresholds must not lower the priority as value grows: " + sorted);
            }
        }
        this.thresholds = sorted;
    }

    public static PriorityAssignment defaults() {
        return new PriorityAssignment(DEFAULT_LEVELS, DEFAULT_GIFT_THRESHOLDS);
    }

    /**
     * @param explicit the publisher's own level, or null to let the rule decide
     */
    public Priority assign(Category category, long giftValue, Priority explicit) {
        if (explicit != null) {
            return explicit;
        }
        if (category == Category.GIFT && !thresholds.isEmpty()) {
            Priority level = null;
            for (GiftThreshold threshold : thresholds) {
                if (giftValue >= threshold.minValue()) {
                    level = threshold.priority();
                }
            }
            if (level != null) {
                return level;
            }
        }
        return levels.get(category);
    }
}
