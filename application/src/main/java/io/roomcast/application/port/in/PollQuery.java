package io.roomcast.application.port.in;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;

/**
 * One short poll of a room.
 *
 * @param user   the signed-in viewer (adds their unicast messages), or null for a guest
 * @param cursor the opaque cursor from the previous answer; null reads the latest messages,
 *               {@code "0"} reads from the oldest retained one
 * @param limit  the most messages wanted, or null for the policy's default
 * @param viewer a key that counts this poller in the room's online figure, or null
 */
public record PollQuery(RoomId room, UserId user, String cursor, Integer limit, String viewer) {
    public PollQuery {
        RoomcastException.required(room, "roomId");
    }

    public static PollQuery guest(RoomId room, String cursor) {
        return new PollQuery(room, null, cursor, null, null);
    }
}
