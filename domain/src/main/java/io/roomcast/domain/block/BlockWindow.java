package io.roomcast.domain.block;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.Dropped;
import io.roomcast.domain.policy.PriorityPick;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rule state: one room's block window. Messages are {@linkplain #offer offered} as they are
 * published; when the window is {@linkplain #isDue due}, {@link #drain} merges what it holds into
 * one {@link Block}: stale messages out, state messages collapsed to their newest version, the
 * render budget applied by priority, and every left-out message counted (and kept, with its
 * reason, in the {@link Outgoing}); a state whose newest version fell to the budget rides in the
 * block's {@code states}.
 *
 * <p>A quiet room does not wait: the first message after {@code quietMillis} without a message, and
 * every {@code CRITICAL} message, make the window due at once (a CRITICAL one no sooner than the
 * policy's urgent gap after the room's last block). The window's {@link WindowLength length} may
 * change between blocks; the render budget of a block is that of the length in force.
 *
 * <p>Not thread-safe: a room's window is used by one thread at a time.
 */
public final class BlockWindow {
    private final RoomId roomId;
    private final BlockPolicy policy;
    private final PriorityPick pick;
    private final WindowLength length;
    private final List<Message> pending = new ArrayList<>();
    private long openedAt;
    private long lastOfferAt = Long.MIN_VALUE / 2;
    private long lastDrainAt = Long.MIN_VALUE / 2;
    private boolean urgent;
    /** Every message of each family at or before it has been drained (or never came here). */
    private Cursor through = Cursor.ORIGIN;

    /** @param roomId the room, or null for the window of broadcasts */
    public BlockWindow(RoomId roomId, BlockPolicy policy, PriorityPick pick) {
        this(roomId, policy, pick, WindowLength.fixed(policy.windowMillis()));
    }

    /**
     * @param roomId the room, or null for the window of broadcasts
     * @param length the window's length, read whenever it opens or closes; the render budget per
     *               block follows it
     */
    public BlockWindow(RoomId roomId, BlockPolicy policy, PriorityPick pick, WindowLength length) {
        this.roomId = roomId;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pick = Objects.requireNonNull(pick, "pick");
        this.length = Objects.requireNonNull(length, "length");
    }

    /**
     * Adds a stored message to the window.
     *
     * @return true when the window is due now (quiet room or CRITICAL message)
     */
    public boolean offer(Message message, long nowMillis) {
        if (!message.isStored()) {
            throw new IllegalArgumentException("only stored messages (with a position) go into a block");
        }
        if (pending.isEmpty()) {
            openedAt = nowMillis;
            if (nowMillis - lastOfferAt >= policy.quietMillis()) {
                urgent = true;
            }
        }
        lastOfferAt = nowMillis;
        pending.add(message);
        if (message.priority() == Priority.CRITICAL) {
            urgent = true;
        }
        return isDue(nowMillis);
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public boolean isDue(long nowMillis) {
        return !pending.isEmpty() && nowMillis >= dueAt();
    }

    /**
     * When the open window closes; meaningful only while it holds messages. An urgent window (a quiet
     * room, a CRITICAL message) closes at once, but not sooner than the policy's urgent gap after the
     * room's last block.
     */
    public long dueAt() {
        long window = length.millis();
        long windowEnd = openedAt + window;
        return urgent ? Math.min(windowEnd, lastDrainAt + policy.urgentGapMillis(window)) : windowEnd;
    }

    /**
     * Merges what the window holds into one block and empties it. With more {@code CRITICAL}
     * messages than one block may carry, the rest stay and the window stays due.
     */
    public Outgoing drain(long nowMillis) {
        return drain(nowMillis, nowMillis);
    }

    /**
     * As {@link #drain(long)}, with the window's own time apart from the wall clock's: {@code tickMillis}
     * times the window (as {@link #offer} and {@link #isDue} were given it), {@code wallMillis} stamps
     * the block and judges the messages' ages. A caller whose wall clock may step back times windows
     * with a time that does not, so a step never holds a window shut.
     */
    public Outgoing drain(long tickMillis, long wallMillis) {
        long nowMillis = wallMillis;
        if (pending.isEmpty()) {
            throw new IllegalStateException("drain of an empty block window");
        }
        // Messages of the two families (the room's, the platform's) interleave in arrival order; a
        // block is always in Message.ORDER, which is sequence order inside each family, so the
        // consumed prefix is a prefix of each family. Nearly sorted: linear.
        pending.sort(Message.ORDER);
        PriorityPick.Selection selection = pick.pick(pending, Math.min(policy.entriesPerBlock(length.millis()), length.maxEntries()), nowMillis, DropReason.BUDGET);
        Cursor all = through;
        for (Message m : pending) {
            all = all.advance(m);
        }
        through = Cursor.afterPrefix(pending, selection.consumed(), all);
        List<Message> chosen = new ArrayList<>(selection.chosen().size());
        for (Message m : selection.chosen()) {
            chosen.add(m.sentAt(nowMillis));
        }
        List<Message> repairs = new ArrayList<>(selection.repairs().size());
        for (Message m : selection.repairs()) {
            repairs.add(m.sentAt(nowMillis));
        }
        // Read the drops before the window lets go of what they refer to.
        List<Dropped> dropped = selection.dropped();
        pending.subList(0, selection.consumed()).clear();
        lastDrainAt = tickMillis;
        urgent = !pending.isEmpty();
        if (urgent) {
            openedAt = tickMillis;
        }
        return Outgoing.detailed(new Block(new BlockHeader(roomId, through, nowMillis), chosen, selection.skipped(),
                repairs), dropped);
    }
}
