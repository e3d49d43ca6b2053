package io.roomcast.domain.block;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.SkipCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rule state: the push state of one room on a node: its {@link BlockWindow} of room messages and
 * broadcasts, and the unicast messages waiting for the users watching it there.
 *
 * <p>The cursor in each block header is the lane's resume point: every room message and broadcast
 * at or before it has been drained, so a viewer that reconnects with it misses nothing and gets
 * nothing twice. It never goes back. A unicast message rides in a <em>personal</em> block (the
 * room's entries plus the user's own, in {@link Message#ORDER}) so it shares that one cursor: it goes
 * out with the next window, or at once when the window is empty, never in a separate frame whose
 * cursor could skip or repeat room messages. Unicast messages are never dropped by the budget.
 *
 * <p>Not thread-safe: a lane is used by one thread (its room's shard).
 */
public final class RoomLane {
    private final RoomId room;
    private final BlockWindow window;
    private final Map<UserId, List<Message>> unicast = new HashMap<>();
    private Cursor through = Cursor.ORIGIN;

    public RoomLane(RoomId room, BlockWindow window) {
        this.room = room;
        this.window = window;
    }

    /** The drained blocks: for every viewer ({@code shared}, may be null) and per unicast recipient. */
    public record Drained(Outgoing shared, Map<UserId, Outgoing> personal) {
        public boolean isEmpty() {
            return shared == null && personal.isEmpty();
        }

        /** What {@code user} gets from this drain, or null when nothing of it is for them. */
        public Outgoing blockFor(UserId user) {
            Outgoing own = personal.isEmpty() ? null : personal.get(user);
            return own != null ? own : shared;
        }
    }

    public RoomId room() {
        return room;
    }

    /** Adds a room message or broadcast; true when the lane is due at once (quiet room, CRITICAL). */
    public boolean offer(Message stored, long now) {
        return window.offer(stored, now);
    }

    /** Adds a unicast message for {@code user}; it goes out with the next drain. */
    public void offerUnicast(UserId user, Message stored) {
        unicast.computeIfAbsent(user, u -> new ArrayList<>()).add(stored);
    }

    /** Due: the window is, or only unicast messages wait (they need not wait for an empty window). */
    public boolean isDue(long now) {
        return window.isDue(now) || (window.isEmpty() && !unicast.isEmpty());
    }

    public boolean isIdle() {
        return window.isEmpty() && unicast.isEmpty();
    }

    /** When the open window closes; meaningful only while it holds messages. */
    public long dueAt() {
        return window.dueAt();
    }

    /** Drains the window (if it holds anything) and the unicast messages it covers. */
    public Drained drain(long now) {
        return drain(now, now);
    }

    /** As {@link #drain(long)}: {@code tick} times the window, {@code now} (the wall clock) stamps and ages ({@link BlockWindow#drain(long, long)}). */
    public Drained drain(long tick, long now) {
        Outgoing block = window.isEmpty() ? null : window.drain(tick, now);
        boolean windowCut = !window.isEmpty();
        Cursor limit = block == null ? null : block.through();
        Cursor newThrough = limit == null ? through : through.atLeast(limit);
        Map<UserId, List<Message>> ready = new HashMap<>();
        for (Iterator<Map.Entry<UserId, List<Message>>> it = unicast.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UserId, List<Message>> e = it.next();
            List<Message> going = new ArrayList<>();
            // With CRITICAL messages left in a cut window, only what the block's cursor covers may go now.
            e.getValue().removeIf(m -> {
                if (windowCut && !limit.covers(m)) {
                    return false;
                }
                going.add(m.sentAt(now));
                return true;
            });
            if (!going.isEmpty()) {
                ready.put(e.getKey(), going);
                for (Message m : going) {
                    newThrough = newThrough.advance(m);
                }
            }
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        through = newThrough;
        Outgoing shared = block == null ? null : Outgoing.shared(withHeader(block.block(), newThrough, now),
                block.dropped());
        if (ready.isEmpty()) {
            return new Drained(shared, Map.of());
        }
        Map<UserId, Outgoing> personal = new HashMap<>();
        ready.forEach((user, own) -> {
            List<Message> entries = new ArrayList<>(own);
            if (shared != null) {
                entries.addAll(shared.block().entries());
            }
            entries.sort(Message.ORDER);
            // The room's block, if any, lends its counts, repairs and drops: the user's own messages are never dropped.
            personal.put(user, shared == null
                    ? Outgoing.detailed(new Block(new BlockHeader(room, through, now), entries, SkipCounts.NONE), List.of())
                    : Outgoing.detailed(new Block(new BlockHeader(room, through, now), entries, shared.block().skipped(),
                            shared.block().states()), shared.dropped()));
        });
        return new Drained(shared, personal);
    }

    private Block withHeader(Block block, Cursor cursor, long now) {
        return new Block(new BlockHeader(room, cursor, now), block.entries(), block.skipped(), block.states());
    }
}
