package io.roomcast.domain.policy;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rule: which messages of a window a viewer gets when it may take only {@code limit} of them.
 * Stale messages go first ({@link DropReason#AGE}), then state messages superseded by a newer
 * version of the same key ({@link DropReason#SUPERSEDED}); of the rest, the highest levels win,
 * oldest first within a level, and the others are dropped for the caller's overflow reason.
 *
 * <p>{@code CRITICAL} messages are never dropped: when a window holds more of them than the
 * limit, the selection stops after the {@code limit}-th one and reports how much of the window
 * it {@linkplain Selection#consumed() consumed}; the caller keeps the rest for the next turn.
 * Every consumed message is either chosen or counted as skipped.
 *
 * <p>Gain repair: when the newest version of a state key among the consumed messages is dropped
 * for the overflow reason (over the limit or the budget), the selection names it in
 * {@link Selection#repairs()}: the caller sends it beside the chosen messages (not counted as a
 * delivery: it was counted as skipped), so a viewer's state is never left behind by the limit.
 */
public final class PriorityPick {
    private final Staleness staleness;

    public PriorityPick(Staleness staleness) {
        this.staleness = Objects.requireNonNull(staleness, "staleness");
    }

    /**
     * What a pick chose. {@link #dropped()} (each consumed message not delivered, with its reason) is
     * built only when asked for: a merge of a slow viewer's blocks needs the counts alone.
     */
    public static final class Selection {
        private final List<Message> chosen;
        private final SkipCounts skipped;
        private final int consumed;
        private final List<Message> repairs;
        private final List<Message> window;
        private final DropReason[] fate;

        /** A selection from nothing. */
        public static final Selection NONE = new Selection(List.of(), SkipCounts.NONE, 0, List.of(), List.of(),
                new DropReason[0]);

        private Selection(List<Message> chosen, SkipCounts skipped, int consumed, List<Message> repairs,
                          List<Message> window, DropReason[] fate) {
            this.chosen = List.copyOf(chosen);
            this.skipped = skipped;
            this.consumed = consumed;
            this.repairs = List.copyOf(repairs);
            this.window = window;
            this.fate = fate;
        }

        /** The delivered messages, in their original (position) order. */
        public List<Message> chosen() {
            return chosen;
        }

        /** The consumed messages not delivered, by reason. */
        public SkipCounts skipped() {
            return skipped;
        }

        /** How many messages from the start of the window this selection accounts for. */
        public int consumed() {
            return consumed;
        }

        /** The newest version of each state key whose newest version was dropped over the limit. */
        public List<Message> repairs() {
            return repairs;
        }

        /**
         * Each consumed message not delivered, with its reason (they add up to {@link #skipped()}).
         * Reads the window picked from: ask before changing it.
         */
        public List<Dropped> dropped() {
            List<Dropped> dropped = new ArrayList<>();
            for (int i = 0; i < fate.length; i++) {
                if (fate[i] != null) {
                    dropped.add(new Dropped(window.get(i), fate[i]));
                }
            }
            return dropped;
        }
    }

    /**
     * @param window   messages in position order
     * @param limit    the most a viewer may take, at least 1
     * @param overflow the reason recorded for messages over the limit ({@code PRIORITY} for a poll,
     *                 {@code BUDGET} for a render budget)
     */
    public Selection pick(List<Message> window, int limit, long nowMillis, DropReason overflow) {
        return pick(window, limit, nowMillis, overflow, false);
    }

    /**
     * As {@link #pick(List, int, long, DropReason)}, but within a level the newest win: for a viewer
     * that fell behind (its held blocks merged), what it is shown should be as close to live as the
     * limit allows, the older lines of a level counted as skipped instead of delivered late.
     */
    public Selection pickNewest(List<Message> window, int limit, long nowMillis, DropReason overflow) {
        return pick(window, limit, nowMillis, overflow, true);
    }

    private Selection pick(List<Message> window, int limit, long nowMillis, DropReason overflow, boolean newestFirst) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        int consumed = criticalCut(window, limit);
        // null: kept; otherwise why the message was dropped.
        DropReason[] fate = new DropReason[consumed];
        for (int i = 0; i < consumed; i++) {
            if (staleness.isStale(window.get(i), nowMillis)) {
                fate[i] = DropReason.AGE;
            }
        }
        Map<StateSlot, Integer> newest = collapseStates(window, fate);

        // Highest levels first, oldest (or newest) first within a level: count each level, give each
        // its quota from the top, then keep the first (or last) `quota` of each level in window order.
        // Linear, no sort.
        Priority[] levels = Priority.values();
        int[] perLevel = new int[levels.length];
        int candidates = 0;
        for (int i = 0; i < consumed; i++) {
            if (fate[i] == null) {
                perLevel[window.get(i).priority().ordinal()]++;
                candidates++;
            }
        }
        if (candidates > limit) {
            int[] quota = new int[levels.length];
            int left = limit;
            for (int level = levels.length - 1; level >= 0; level--) {
                quota[level] = Math.min(perLevel[level], left);
                left -= quota[level];
            }
            for (int k = 0; k < consumed; k++) {
                int i = newestFirst ? consumed - 1 - k : k;
                if (fate[i] == null) {
                    int level = window.get(i).priority().ordinal();
                    if (quota[level] > 0) {
                        quota[level]--;
                    } else {
                        fate[i] = overflow;
                    }
                }
            }
        }
        List<Message> chosen = new ArrayList<>(Math.min(limit, consumed));
        int[] byReason = new int[DropReason.values().length];
        for (int i = 0; i < consumed; i++) {
            if (fate[i] == null) {
                chosen.add(window.get(i));
            } else {
                byReason[fate[i].ordinal()]++;
            }
        }
        SkipCounts skipped = SkipCounts.ofCounts(byReason);
        List<Message> repairs = new ArrayList<>();
        for (int winner : newest.values()) {
            if (fate[winner] == overflow) {
                repairs.add(window.get(winner));
            }
        }
        return new Selection(chosen, skipped, consumed, repairs, window, fate);
    }

    /** Whether every one of {@code messages} but the CRITICAL ones (which never go stale) is stale at {@code nowMillis}. */
    public boolean allStale(List<Message> messages, long nowMillis) {
        boolean any = false;
        for (Message m : messages) {
            if (m.priority() != Priority.CRITICAL) {
                if (!staleness.isStale(m, nowMillis)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** The window's length, or the index just past its {@code limit}-th CRITICAL message. */
    private static int criticalCut(List<Message> window, int limit) {
        int criticals = 0;
        for (int i = 0; i < window.size(); i++) {
            if (window.get(i).priority() == Priority.CRITICAL && ++criticals == limit) {
                return i + 1;
            }
        }
        return window.size();
    }

    /** Marks all but the newest version of each state key as superseded; returns the newest per key. */
    private static Map<StateSlot, Integer> collapseStates(List<Message> window, DropReason[] fate) {
        Map<StateSlot, Integer> newest = new HashMap<>();
        for (int i = 0; i < fate.length; i++) {
            Message m = window.get(i);
            if (fate[i] != null || !m.isState() || m.priority() == Priority.CRITICAL) {
                continue;
            }
            StateSlot slot = StateSlot.of(m);
            Integer previous = newest.get(slot);
            if (previous == null) {
                newest.put(slot, i);
            } else {
                // Later in the window wins a tie of versions: it was appended after.
                boolean newer = m.version() >= window.get(previous).version();
                fate[newer ? previous : i] = DropReason.SUPERSEDED;
                if (newer) {
                    newest.put(slot, i);
                }
            }
        }
        return newest;
    }

    /** Where a state lives: a state key is per room (or per user, or global for broadcasts). */
    public record StateSlot(Object address, String key) {
        public static StateSlot of(Message m) {
            Object address = switch (m.scope()) {
                case ROOM -> m.roomId();
                case UNICAST -> m.recipient();
                case BROADCAST -> "*";
            };
            return new StateSlot(address, m.stateKey().value());
        }
    }
}
