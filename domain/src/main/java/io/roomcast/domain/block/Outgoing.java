package io.roomcast.domain.block;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.policy.Dropped;
import io.roomcast.domain.policy.SkipCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A block on its way to viewers: the {@link Block}, the messages its window dropped (the detail of
 * its skipped counts, so that it can be cut exactly at a resume's floor), and its encoding, made
 * once by the first transport that writes it and shared by every viewer after.
 *
 * <p>A block of a room's window is one {@code Outgoing} for every viewer of the room on the node;
 * a viewer's personal or merged block is one of its own. Thread-safe: immutable but for the
 * encoding, which two threads may both compute at once (the same bytes; one wins).
 */
public final class Outgoing {
    private final Block block;
    private final List<Dropped> dropped;
    private final boolean detailed;
    private final boolean shared;
    /** Per family, the lowest position of an entry or a drop, or null: a floor below it cuts nothing. */
    private final Position lowestRoom;
    private final Position lowestPlatform;
    /** Stands for a shared block in a cache without keeping the block (and its messages) alive; null otherwise. */
    private final Object identity;
    private volatile Object encoded;
    private volatile Summary summary;

    /** A value derived from this block once and shared by every viewer, with the key it was derived for. */
    private record Summary(Object key, Object value) {
    }

    private Outgoing(Block block, List<Dropped> dropped, boolean detailed, boolean shared) {
        this.block = Objects.requireNonNull(block, "block");
        this.dropped = List.copyOf(dropped);
        this.detailed = detailed;
        this.shared = shared;
        this.identity = shared ? new Object() : null;
        Position room = null;
        Position platform = null;
        for (int i = 0; i < block.entries().size() + this.dropped.size(); i++) {
            Message m = i < block.entries().size() ? block.entries().get(i)
                    : this.dropped.get(i - block.entries().size()).message();
            if (m.family() == Family.ROOM) {
                room = room == null || m.position().compareTo(room) < 0 ? m.position() : room;
            } else {
                platform = platform == null || m.position().compareTo(platform) < 0 ? m.position() : platform;
            }
        }
        this.lowestRoom = room;
        this.lowestPlatform = platform;
    }

    /** A block for one viewer whose skipped counts are exactly {@code dropped}, by reason. */
    public static Outgoing detailed(Block block, List<Dropped> dropped) {
        return detailed(block, dropped, false);
    }

    /** A block for every viewer of a room whose skipped counts are exactly {@code dropped}, by reason. */
    public static Outgoing shared(Block block, List<Dropped> dropped) {
        return detailed(block, dropped, true);
    }

    private static Outgoing detailed(Block block, List<Dropped> dropped, boolean shared) {
        if (!SkipCounts.of(dropped).equals(block.skipped())) {
            throw new IllegalArgumentException("dropped messages " + SkipCounts.of(dropped)
                    + " do not add up to the block's skipped counts " + block.skipped());
        }
        return new Outgoing(block, dropped, true, shared);
    }

    /** A block for one viewer whose skipped counts come without detail (a replayed page, a merge): never cut. */
    public static Outgoing of(Block block) {
        return new Outgoing(block, List.of(), false, false);
    }

    /** Whether every viewer of a room is written this same block (worth sharing its encoding). */
    public boolean isShared() {
        return shared;
    }

    /**
     * A key that stands for this shared block in a cache of what was made from it (its frame in a
     * direct buffer), equal only to itself, and holding nothing: the cache does not keep the block and
     * its messages alive after every viewer has written it. Null for a viewer's own block.
     */
    public Object identity() {
        return identity;
    }

    public Block block() {
        return block;
    }

    public List<Dropped> dropped() {
        return dropped;
    }

    /** The cursor a viewer resumes from after this block, or null. */
    public Cursor through() {
        return block.header().through();
    }

    /**
     * This block's encoding by {@code encode}, computed once, on first use, and kept: every transport of
     * the node must use the same encoding (for example the {@code ServerFrame} bytes without framing).
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Function<Block, T> encode) {
        Object e = encoded;
        if (e == null) {
            // A room's block reaches every viewer loop at once: one encodes it, the others wait for
            // its bytes rather than each encoding it again (once per block, not once per loop).
            synchronized (this) {
                e = encoded;
                if (e == null) {
                    e = Objects.requireNonNull(encode.apply(block), "encoding");
                    encoded = e;
                }
            }
        }
        return (T) e;
    }

    /**
     * A value derived from this block by {@code derive}, computed on first use for {@code key} and kept
     * (one at a time): for a block every viewer of a room is given, what each viewer's merge would
     * otherwise compute again. Thread-safe: two threads may both derive it; one result is kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Supplier<T> derive) {
        Summary s = summary;
        if (s == null || !s.key().equals(key)) {
            s = new Summary(key, Objects.requireNonNull(derive.get(), "derived value"));
            summary = s;
        }
        return (T) s.value();
    }

    /**
     * The part of this block after {@code floor} (a viewer's replay reached it): itself when all of
     * it is after the floor and its cursor covers the floor, null when none of it is after the floor,
     * otherwise a new block with the entries, drops and counts after the floor (its states are kept:
     * they repair, whatever their position) and a cursor that covers the floor too. The cursor of a
     * room's block stands still in a family no message of which came through the room's lane since
     * the viewer joined; the viewer's own cursor must not fall behind what its replay gave it.
     */
    public Outgoing above(Cursor floor) {
        if (floor == null) {
            return this;
        }
        Cursor through = through();
        if (through != null && floor.covers(through)) {
            return null;
        }
        boolean cut = (lowestRoom != null && floor.room().covers(lowestRoom))
                || (lowestPlatform != null && floor.platform().covers(lowestPlatform));
        boolean behind = through != null && !through.covers(floor);
        if (!cut && !behind) {
            return this;
        }
        BlockHeader header = behind
                ? new BlockHeader(block.header().roomId(), through.atLeast(floor), block.header().sentAt())
                : block.header();
        if (!cut) {
            Block moved = new Block(header, block.entries(), block.skipped(), block.states());
            return detailed ? detailed(moved, dropped, false) : of(moved);
        }
        if (!detailed) {
            throw new IllegalStateException("a block without the detail of its drops cannot be cut at " + floor);
        }
        List<Message> entries = new ArrayList<>(block.entries().size());
        for (Message m : block.entries()) {
            if (!floor.covers(m)) {
                entries.add(m);
            }
        }
        List<Dropped> after = new ArrayList<>(dropped.size());
        for (Dropped d : dropped) {
            if (!floor.covers(d.message())) {
                after.add(d);
            }
        }
        return detailed(new Block(header, entries, SkipCounts.of(after), block.states()), after, false);
    }
}
