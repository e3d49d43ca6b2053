package io.roomcast.domain.policy;

import io.roomcast.domain.message.Priority;
import java.util.EnumMap;
import java.util.Map;

/**
 * Rule settings for room admission (discard under overload): a room may take
 * {@code messagesPerSecond} with a burst of one second; each level may use only its share of the
 * budget, so the rest stays reserved for the levels above it. {@code CRITICAL} is admitted whatever
 * the room budget, up to its own rate, {@code criticalPerSecond} (0: no limit): past it a
 * {@code CRITICAL} message is refused and the publisher told, because a node cannot carry
 * never-dropped messages without bound (measured: 615 {@code CRITICAL}/s to 10,000 viewers made a
 * node spend 74% of its time in GC and deliver nothing).
 *
 * <p>Default: 1,000 messages/s per room; LOWEST may use 50% of the budget, LOW 70%, NORMAL 85%,
 * HIGH 100%; {@code CRITICAL} up to 100/s.
 */
public record AdmissionPolicy(double messagesPerSecond, Map<Priority, Double> shares, double criticalPerSecond) {

    public static final double DEFAULT_CRITICAL_PER_SECOND = 100;

    public static final Map<Priority, Double> DEFAULT_SHARES = Map.of(
            Priority.LOWEST, 0.50,
            Priority.LOW, 0.70,
            Priority.NORMAL, 0.85,
            Priority.HIGH, 1.00);

    public AdmissionPolicy {
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            throw new IllegalArgumentException("room budget must be positive and finite: " + messagesPerSecond);
        }
        if (!(criticalPerSecond >= 0) || Double.isInfinite(criticalPerSecond)) {
            throw new IllegalArgumentException("CRITICAL rate must be 0 (no limit) or positive and finite: "
                    + criticalPerSecond);
        }
        Map<Priority, Double> copy = new EnumMap<>(Priority.class);
        double previous = 0;
        for (Priority level : Priority.values()) {
            if (level == Priority.CRITICAL) {
                continue;
            }
            Double share = shares.get(level);
            if (share == null || !(share > 0) || share > 1 || share < previous) {
                throw new IllegalArgumentException("share for " + level
                        + " must be in (0, 1] and not below the share of a lower level: " + share);
            }
            previous = share;
            copy.put(level, share);
        }
        shares = Map.copyOf(copy);
    }

    /** With the default {@code CRITICAL} rate. */
    public AdmissionPolicy(double messagesPerSecond, Map<Priority, Double> shares) {
        this(messagesPerSecond, shares, DEFAULT_CRITICAL_PER_SECOND);
    }

    public static AdmissionPolicy defaults() {
        return new AdmissionPolicy(1_000, DEFAULT_SHARES);
    }

    public static AdmissionPolicy ofRate(double messagesPerSecond) {
        return new AdmissionPolicy(messagesPerSecond, DEFAULT_SHARES);
    }

    /** The same policy with {@code CRITICAL} admitted up to {@code perSecond} (0: no limit). */
    public AdmissionPolicy withCriticalRate(double perSecond) {
        return new AdmissionPolicy(messagesPerSecond, shares, perSecond);
    }

    /** A fresh, full budget for one room. */
    public RoomBudget newBudget(long nowMillis) {
        return new RoomBudget(this, nowMillis);
    }

    double share(Priority level) {
        return level == Priority.CRITICAL ? 1.0 : shares.get(level);
    }

    /**
     * Tokens a room's bucket holds when full: one second of the rate, or, for rates under a few
     * messages per second, just enough that the smallest share admits one message from a full bucket
     * (otherwise a very low rate would lock the lowest levels out even in an idle room). A bucket
     * refills from empty to full in one second.
     */
    public double capacity() {
        return Math.max(messagesPerSecond, 1 / share(Priority.LOWEST));
    }

    /** Tokens a message of {@code level} must leave in the bucket: the part kept for the levels above it. */
    public double reserved(Priority level) {
        return capacity() * (1 - share(level));
    }

    /** Tokens of the room's {@code CRITICAL} bucket when full: at least one; 0 when {@code CRITICAL} has no limit. */
    public double criticalCapacity() {
        return criticalPerSecond == 0 ? 0 : Math.max(1, criticalPerSecond);
    }
}
