package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The churn driver's account: rooms started and ended, passers-by, and for every viewer that stayed
 * in its room to the end (or left and came back by cursor) whether delivered + skipped = published
 * with nothing twice. Thread-safe.
 */
final class ChurnTally {
    final AtomicLong started = new AtomicLong();
    final AtomicLong ended = new AtomicLong();
    final AtomicLong passersBy = new AtomicLong();
    private long published;
    private long refused;
    private long checked;
    private long balanced;
    private long delivered;
    private long skipped;
    private long duplicates;
    private final List<String> mismatches = new ArrayList<>();
    private String lastRefusal = "";

    /** Checks the accounts of {@code room}'s staying viewers (after it ended and drained). */
    synchronized void check(ChurnRoom room) {
        long accepted = room.accepted.get();
        published += accepted;
        refused += room.refused.get();
        if (room.refused.get() > 0) {
            lastRefusal = room.lastRefusal.get();
        }
        for (ChurnViewer v : room.staying) {
            checked++;
            delivered += v.delivered();
            skipped += v.skipped();
            duplicates += v.duplicates();
            if (v.accounted() == accepted && v.duplicates() == 0) {
                balanced++;
            } else if (mismatches.size() < 10) {
                mismatches.add(String.format(Locale.ROOT, "%s in %s: delivered %d + skipped %d (duplicates %d) vs published %d",
                        v.user, room.id, v.delivered(), v.skipped(), v.duplicates(), accepted));
            }
        }
    }

    synchronized boolean failed() {
        return balanced != checked || duplicates > 0 || refused > 0;
    }

    synchronized String report(long joins, long leaves, long comebacks, long passerDuplicates) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "churn: rooms started %,d, ended %,d; viewer joins %,d, leaves %,d "
                + "(comebacks by cursor %,d, passers-by %,d); messages accepted %,d, refused %,d%n",
                started.get(), ended.get(), joins, leaves, comebacks, passersBy.get(), published, refused));
        r.append(String.format(Locale.ROOT, "churn: viewers that stayed or came back, checked at their room's end: %,d; "
                + "delivered %,d + skipped %,d = published for %,d of them (%s); duplicates %,d (passers-by %,d)%n",
                checked, delivered, skipped, balanced, balanced == checked ? "all" : "NOT ALL", duplicates, passerDuplicates));
        if (refused > 0) {
            r.append("churn: last refusal: ").append(lastRefusal).append('\n');
        }
        mismatches.forEach(m -> r.append("churn: MISMATCH ").append(m).append('\n'));
        return r.toString();
    }
}
