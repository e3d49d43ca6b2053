package io.roomcast.domain.policy;

import java.util.List;

/**
 * How many messages a viewer was not given, by reason. Immutable; {@link #plus} returns a new
 * value. Together with the delivered messages these account for every message in a range:
 * delivered + {@link #total()} = published.
 */
public record SkipCounts(int priority, int age, int budget, int superseded) {
    public static final SkipCounts NONE = new SkipCounts(0, 0, 0, 0);

    public SkipCounts {
        if (priority < 0 || age < 0 || budget < 0 || superseded < 0) {
            throw new IllegalArgumentException("skip counts must not be negative");
        }
    }

    /** The counts of these dropped messages by reason. */
    public static SkipCounts of(List<Dropped> dropped) {
        if (dropped.isEmpty()) {
            return NONE;
        }
        int[] n = new int[DropReason.values().length];
        for (Dropped d : dropped) {
            n[d.reason().ordinal()]++;
        }
        return ofCounts(n);
    }

    /** The counts of a tally indexed by {@link DropReason#ordinal()}. */
    static SkipCounts ofCounts(int[] byReason) {
        return new SkipCounts(byReason[DropReason.PRIORITY.ordinal()], byReason[DropReason.AGE.ordinal()],
                byReason[DropReason.BUDGET.ordinal()], byReason[DropReason.SUPERSEDED.ordinal()]);
    }

    public SkipCounts plus(DropReason reason, int n) {
        return switch (reason) {
            case PRIORITY -> new SkipCounts(priority + n, age, budget, superseded);
            case AGE -> new SkipCounts(priority, age + n, budget, superseded);
            case BUDGET -> new SkipCounts(priority, age, budget + n, superseded);
            case SUPERSEDED -> new SkipCounts(priority, age, budget, superseded + n);
            case OVERLOAD -> throw new IllegalArgumentException("OVERLOAD happens at publish, not to a viewer");
        };
    }

    public SkipCounts plus(SkipCounts other) {
        return new SkipCounts(priority + other.priority, age + other.age, budget + other.budget,
                superseded + other.superseded);
    }

    public int total() {
        return priority + age + budget + superseded;
    }

    public boolean isEmpty() {
        return total() == 0;
    }
}
