package io.roomcast.application.push;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last position the bus brought of each watched room's sequence and of the platform's, to tell
 * a silent loss: every message of a family is published on its family's channel in sequence order
 * (one script in one slot stores and publishes it), so the next one must be the next seq. One that
 * is further on means the bus lost what lies between (a notification dropped without the
 * subscription being reported lost); the caller then treats the family as it treats a lost
 * subscription. A new epoch (the family's head expired, or Redis lost it) starts a new sequence and
 * is no loss.
 *
 * <p>The first message of a room after it is watched sets the baseline: what was stored before it
 * reaches a viewer through its replay, read once the subscription is up.
 *
 * <p>Thread-safe: the messages of one channel arrive one after another (one connection), and each
 * family has one channel; rooms are independent entries.
 */
final class BusSequences {
    private final Map<RoomId, Cursor.Part> rooms = new ConcurrentHashMap<>();
    private final AtomicReference<Cursor.Part> platform = new AtomicReference<>();

    /** Records {@code stored}'s position; false when its family's sequence skipped messages before it. */
    boolean follows(Message stored) {
        Cursor.Part at = stored.position().part();
        Cursor.Part[] before = new Cursor.Part[1];
        if (stored.family() == Family.ROOM) {
            rooms.compute(stored.roomId(), (room, last) -> later(before[0] = last, at));
        } else {
            before[0] = platform.getAndUpdate(last -> later(last, at));
        }
        Cursor.Part last = before[0];
        return last == null || !last.sameEpoch(at.epoch()) || at.seq() <= last.seq() + 1;
    }

    /** {@code at} unless it is behind {@code last} in the same sequence (a repeat: the baseline stays). */
    private static Cursor.Part later(Cursor.Part last, Cursor.Part at) {
        return last != null && last.sameEpoch(at.epoch()) && last.seq() > at.seq() ? last : at;
    }

    /** The room is no longer watched here (or subscribed again): its next message sets a new baseline. */
    void forget(RoomId room) {
        rooms.remove(room);
    }

    /** The platform's channel is subscribed again: its next message sets a new baseline. */
    void forgetPlatform() {
        platform.set(null);
    }

    /** The newest position the bus brought of {@code room}'s sequence since its baseline, or null. */
    Cursor.Part last(RoomId room) {
        return rooms.get(room);
    }

    /** The newest position the bus brought of the platform's sequence, or null. */
    Cursor.Part lastPlatform() {
        return platform.get();
    }
}
