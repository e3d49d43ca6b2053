package io.roomcast.adapters.tcp;

import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.Map;

/**
 * One drained window of a room, encoded: the block every viewer of the room gets (null when only
 * unicast messages were due), and for each user with unicast messages in the window a personal
 * block (the room's entries plus that user's, encoded for that user only). The frames are
 * reference-counted; a batch handed to an event loop carries one reference of each, released by
 * that loop when it has written them.
 */
final class FanoutBatch {
    final RoomId room;
    final EncodedBlock shared;
    final Map<UserId, EncodedBlock> personal;

    FanoutBatch(RoomId room, EncodedBlock shared, Map<UserId, EncodedBlock> personal) {
        this.room = room;
        this.shared = shared;
        this.personal = Map.copyOf(personal);
    }

    /** What {@code user} gets from this batch, or null when nothing of it is for them. */
    EncodedBlock blockFor(UserId user) {
        EncodedBlock own = personal.get(user);
        return own != null ? own : shared;
    }

    /** One more reference of every frame, for one more holder (an event loop), which must {@link #release()} it. */
    FanoutBatch retain() {
        if (shared != null) {
            shared.frame.retain();
        }
        personal.values().forEach(b -> b.frame.retain());
        return this;
    }

    void release() {
        if (shared != null) {
            shared.release();
        }
        personal.values().forEach(EncodedBlock::release);
    }
}
