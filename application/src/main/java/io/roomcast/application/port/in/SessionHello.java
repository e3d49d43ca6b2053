package io.roomcast.application.port.in;

/**
 * A client's {@code Hello}, as the transport decoded it: unvalidated text (the session checks it).
 *
 * @param token  the user token (a JWT); empty when none was sent
 * @param roomId the room to watch first
 * @param cursor the cursor to resume from; empty to start from now
 * @param acks   whether the client will acknowledge the blocks it reads
 */
public record SessionHello(String token, String roomId, String cursor, boolean acks) {
    public SessionHello {
        token = token == null ? "" : token;
        roomId = roomId == null ? "" : roomId;
        cursor = cursor == null ? "" : cursor;
    }
}
