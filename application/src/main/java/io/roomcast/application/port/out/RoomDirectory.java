package io.roomcast.application.port.out;

import io.roomcast.domain.message.RoomId;
import java.util.Collection;

/**
 * Port: who is in which room. Long connections {@link #join} and {@link #leave}; pollers
 * {@link #touch} on every poll and count as present for a while after. Thread-safe.
 */
public interface RoomDirectory {

    void join(RoomId room, String viewer);

    void leave(RoomId room, String viewer);

    /** Marks a polling viewer present in {@code room} at {@code nowMillis}. */
    void touch(RoomId room, String viewer, long nowMillis);

    /** Viewers in {@code room} on this node: joined connections plus pollers seen recently. */
    int online(RoomId room, long nowMillis);

    /** The rooms with anyone on this node (joined, or pollers seen recently: a room whose pollers just expired may still be listed), a snapshot; never blocks. */
    Collection<RoomId> rooms();
}
