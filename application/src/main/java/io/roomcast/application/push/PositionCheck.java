package io.roomcast.application.push;

import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@value #EVERY_MILLIS} ms that the cluster bus brought each watched family what the
 * store held one check before: a subscription that is gone without any event, and with no later
 * message to show a gap ({@link BusSequences}), would otherwise leave a room's viewers without
 * messages for good. A family whose newest position at the last check is past everything the bus
 * brought since is subscribed again ({@link RoomWatches#suspect}); the bus then reports it
 * resubscribed and its viewers resume by cursor. A message stored just before a check has a whole
 * period to arrive, so only a bus more than that late is taken for lost (its viewers then resume
 * once more than needed, and miss nothing); the period is long ({@value #EVERY_MILLIS} ms) because
 * such a resume sends every viewer of the room back to the store at once.
 *
 * <p>One store read per watched room per period, on the blocking executor; the first check of a
 * room's watch only takes its baseline ({@link #baseline}). Threads: ticks on a loop, checks on the
 * blocking executor, one at a time (the next is scheduled when one ends); its state is the check's own.
 */
final class PositionCheck {
    static final long EVERY_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PositionCheck.class);

    private final RoomWatches watches;
    private final Function<RoomId, Cursor> heads;
    private final Map<RoomId, Family> rooms = new HashMap<>();
    private Family platform;
    private TaskLoop ticker;
    private Executor blocking;
    private TaskLoop.Timer timer;
    private boolean stopped;

    /** What a family's check remembers: its watch, its baseline, and its head at the last check. */
    private record Family(Object watch, Cursor.Part baseline, Cursor.Part due) {
        /** Whether the bus, having brought up to {@code seen} (null: nothing since the watch began), is short of {@code due}. */
        boolean behind(Cursor.Part seen) {
            return !baseline.covers(due) && (seen == null || !seen.covers(due));
        }
    }

    PositionCheck(RoomWatches watches, Function<RoomId, Cursor> heads) {
        this.watches = watches;
        this.heads = heads;
    }

    synchronized void start(TaskLoop loop, Executor blockingReads) {
        ticker = loop;
        blocking = blockingReads;
        schedule();
    }

    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private synchronized void schedule() {
        if (stopped) {
            return;
        }
        try {
            timer = ticker.schedule(this::dispatch, EVERY_MILLIS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    /** On the loop: hands the check to the blocking executor; when that is full, tries again a period later. */
    private void dispatch() {
        try {
            blocking.execute(this::checkThenSchedule);
        } catch (RejectedExecutionException e) {
            schedule();
        }
    }

    private void checkThenSchedule() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("cluster bus position check failed (tried again in {} ms): {}", EVERY_MILLIS, e.toString());
        } finally {
            schedule();
        }
    }

    /** One check of every watched family. */
    void check() {
        Map<RoomId, Object> live = watches.live();
        rooms.keySet().retainAll(live.keySet());
        Cursor.Part platformHead = null;
        for (Map.Entry<RoomId, Object> entry : live.entrySet()) {
            RoomId room = entry.getKey();
            Cursor head = heads.apply(room);
            platformHead = head.platform();
            Family last = rooms.get(room);
            if (last == null || last.watch() != entry.getValue() || !last.baseline().sameEpoch(head.room().epoch())) {
                rooms.put(room, new Family(entry.getValue(), baseline(watches.lastSeen(room), head.room()), head.room()));
            } else if (last.behind(watches.lastSeen(room))) {
                LOG.warn("cluster bus: nothing of room {} arrived up to {}, stored more than {} ms ago; subscribing again",
                        room, last.due().encode(), EVERY_MILLIS);
                rooms.remove(room);
                watches.suspect(Optional.of(room));
            } else {
                rooms.put(room, new Family(last.watch(), last.baseline(), head.room()));
            }
        }
        checkPlatform(platformHead);
    }

    /**
     * Where a family's check starts: what the bus brought last, since everything after it must come
     * the same way; the head when the bus brought nothing yet (what was stored before may predate the
     * watch: it reached the viewers by their replays).
     */
    private static Cursor.Part baseline(Cursor.Part seen, Cursor.Part head) {
        return seen != null && head.covers(seen) ? seen : head;
    }

    private void checkPlatform(Cursor.Part head) {
        if (head == null) {
            platform = null; // no room watched: nothing here needs the platform's messages
            return;
        }
        if (platform == null || !platform.baseline().sameEpoch(head.epoch())) {
            platform = new Family(this, baseline(watches.lastSeenPlatform(), head), head);
        } else if (platform.behind(watches.lastSeenPlatform())) {
            LOG.warn("cluster bus: nothing of the platform's sequence arrived up to {}, stored more than {} ms ago;"
                    + " subscribing again", platform.due().encode(), EVERY_MILLIS);
            platform = null;
            watches.suspect(Optional.empty());
        } else {
            platform = new Family(this, platform.baseline(), head);
        }
    }
}
