package io.roomcast.application.store;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each family's sequence of one store stands: the head (the last position given) of every
 * room's sequence and of the platform's ({@code null} room), the seq before the first entry found at
 * start (what was stored before it is unknown), and the epochs, derived from the store's id so a
 * store started afresh (a new id) has new ones. Room heads stay for the life of the index: a room id
 * used again continues its sequence.
 *
 * <p>Not thread-safe: {@link MessageIndex} guards it with its lock.
 */
final class FamilyHeads {
    private final long storeId;
    private final long platformEpoch;
    private final Map<RoomId, Position> roomHeads = new HashMap<>();
    private Position platformHead = Position.NONE;
    private final Map<RoomId, Long> roomLost = new HashMap<>();
    private long platformLost;

    FamilyHeads(long storeId) {
        this.storeId = storeId;
        this.platformEpoch = epoch(storeId, "#platform");
    }

    /** The head of {@code room}'s sequence ({@code null}: the platform's); {@link Position#NONE} before any. */
    Position head(RoomId room) {
        return room == null ? platformHead : roomHeads.getOrDefault(room, Position.NONE);
    }

    /** The position after the head of {@code room}'s family for a message created at {@code createdAt}. */
    Position next(RoomId room, long createdAt) {
        Position head = head(room);
        return new Position(Math.max(head.millis(), createdAt), head.seq() + 1, epoch(room));
    }

    /** {@code at} is the family's newest position now. */
    void advance(RoomId room, Position at) {
        Position head = new Position(at.millis(), at.seq());
        if (room == null) {
            platformHead = head;
        } else {
            roomHeads.put(room, head);
        }
    }

    /** No later position of {@code room}'s family ({@code null}: the platform's) has millis below {@code millis}. */
    void closeBefore(RoomId room, long millis) {
        Position head = head(room);
        if (head.millis() < millis) {
            advance(room, new Position(millis, head.seq()));
        }
    }

    /** The first entry found at start of the family is at {@code seq}: everything before it is lost. */
    void lostBefore(RoomId room, long seq) {
        if (room == null) {
            platformLost = seq - 1;
        } else {
            roomLost.put(room, seq - 1);
        }
    }

    /** The seq through which the family's messages were lost before the start (0: none). */
    long lost(RoomId room) {
        return room == null ? platformLost : roomLost.getOrDefault(room, 0L);
    }

    /** The epoch of a room's sequence ({@code null}: the platform's): 31 bits, never 0. */
    long epoch(RoomId room) {
        return room == null ? platformEpoch : epoch(storeId, room.value());
    }

    /** The heads of {@code room}'s sequence and the platform's, with their epochs. */
    Cursor cursor(RoomId room) {
        return new Cursor(new Cursor.Part(epoch(room), head(room).seq()), new Cursor.Part(platformEpoch, platformHead.seq()));
    }

    private static long epoch(long storeId, String family) {
        long h = storeId ^ (family.hashCode() * 0x9E3779B97F4A7C15L);
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        long e = (h ^ (h >>> 33)) & Cursor.MAX_EPOCH;
        return e == 0 ? 1 : e;
    }
}
