package io.roomcast.domain.message;

/** A live room, e.g. {@code r1}. Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
public record RoomId(String value) {
    public RoomId {
        Ids.check("roomId", value);
    }

    public static RoomId of(String value) {
        return new RoomId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
