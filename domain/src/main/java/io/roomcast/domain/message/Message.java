package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.util.Comparator;

/**
 * One message of a live room, as stored and delivered.
 *
 * <p>Addressing by {@link Scope}: {@code ROOM} needs {@code roomId}; {@code UNICAST} needs
 * {@code recipient}; {@code BROADCAST} has neither. {@code sender}, {@code stateKey},
 * {@code idempotencyKey} and {@code position} may be null (no sender, not a state message, no
 * key, not stored yet). A state ("gain") message has a {@code stateKey} and a {@code version}:
 * a newer version supersedes older ones.
 *
 * <p>{@code createdAt} is the epoch millisecond at which roomcast accepted the message (the
 * age checks count from it); {@code sentAt} is when it was handed to a viewer, 0 until then.
 *
 * @param giftValue the gift's value in coins, 0 when not a gift; raises a gift's priority
 */
public record Message(
        MessageId id,
        Scope scope,
        RoomId roomId,
        UserId recipient,
        Category category,
        Priority priority,
        UserId sender,
        long giftValue,
        Payload payload,
        long createdAt,
        long sentAt,
        StateKey stateKey,
        long version,
        IdempotencyKey idempotencyKey,
        Position position) {

    /**
     * The order of entries in a block and a poll answer: by millis, then family (room first), then
     * sequence. Inside a family it is sequence order (a family's millis never go back), so a prefix
     * of a window sorted by it is a prefix of each family. Only for stored messages.
     */
    public static final Comparator<Message> ORDER = (a, b) -> {
        Position x = a.position();
        Position y = b.position();
        int c = Long.compare(x.millis(), y.millis());
        if (c != 0) {
            return c;
        }
        c = a.family().compareTo(b.family());
        return c != 0 ? c : Long.compare(x.seq(), y.seq());
    };

    public Message {
        RoomcastException.required(id, "id");
        RoomcastException.required(scope, "scope");
        RoomcastException.required(category, "category");
        RoomcastException.required(priority, "priority");
        RoomcastException.required(payload, "payload");
        switch (scope) {
            case ROOM -> {
                RoomcastException.required(roomId, "roomId");
                if (recipient != null) {
                    throw RoomcastException.invalid("userId", "is only for scope 'user'");
                }
            }
            case UNICAST -> {
                RoomcastException.required(recipient, "userId");
                if (roomId != null) {
                    throw RoomcastException.invalid("roomId", "is not used with scope 'user'");
                }
            }
            case BROADCAST -> {
                if (roomId != null || recipient != null) {
                    throw RoomcastException.invalid("scope", "a broadcast names neither roomId nor userId");
                }
            }
        }
        if (giftValue < 0) {
            throw RoomcastException.invalid("giftValue", "must not be negative");
        }
        if (createdAt < 0) {
            throw RoomcastException.invalid("createdAt", "must not be negative");
        }
        if (sentAt < 0) {
            throw RoomcastException.invalid("sentAt", "must not be negative");
        }
        if (version < 0) {
            throw RoomcastException.invalid("version", "must not be negative");
        }
        if (stateKey == null && version != 0) {
            throw RoomcastException.invalid("version", "is only for state messages (with a stateKey)");
        }
    }

    public boolean isState() {
        return stateKey != null;
    }

    /** The sequence this message is positioned in: its room's for a room message, else the platform's. */
    public Family family() {
        return scope == Scope.ROOM ? Family.ROOM : Family.PLATFORM;
    }

    public boolean isStored() {
        return position != null;
    }

    /** This message at the position its store gave it; the store may raise {@code createdAt} to keep time monotonic. */
    public Message storedAt(Position where) {
        RoomcastException.required(where, "position");
        return new Message(id, scope, roomId, recipient, category, priority, sender, giftValue, payload,
                Math.max(createdAt, where.millis()), sentAt, stateKey, version, idempotencyKey, where);
    }

    /** This message as handed to a viewer at {@code millis}. */
    public Message sentAt(long millis) {
        return new Message(id, scope, roomId, recipient, category, priority, sender, giftValue, payload,
                createdAt, millis, stateKey, version, idempotencyKey, position);
    }

    /** Milliseconds since creation at {@code nowMillis} (never negative). */
    public long ageAt(long nowMillis) {
        return Math.max(0, nowMillis - createdAt);
    }
}
