package io.roomcast.application.port.out;

import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.Objects;

/**
 * What one viewer of a room reads: the room's messages, every broadcast, and, when the viewer is
 * signed in, that user's unicast messages, merged in position order.
 *
 * @param user the signed-in viewer, or null for a guest
 */
public record Feed(RoomId room, UserId user) {
    public Feed {
        Objects.requireNonNull(room, "room");
    }

    public static Feed guest(RoomId room) {
        return new Feed(room, null);
    }
}
