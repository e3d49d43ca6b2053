package io.roomcast.application.port.in;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;

/**
 * A business server's request to publish one message. Validates itself: the addressing must
 * match the scope, values must be in range; a bad command never reaches a store.
 *
 * @param priority       explicit level, or null to let the priority rule decide
 * @param sender         who sent it, or null
 * @param stateKey       set for a state ("gain") message, with {@code version}
 * @param idempotencyKey set to make retries safe, or null
 */
public record PublishCommand(
        Scope scope,
        RoomId roomId,
        UserId recipient,
        Category category,
        Priority priority,
        long giftValue,
        UserId sender,
        Payload payload,
        StateKey stateKey,
        long version,
        IdempotencyKey idempotencyKey) {

    public PublishCommand {
        RoomcastException.required(scope, "scope");
        RoomcastException.required(category, "category");
        RoomcastException.required(payload, "payload");
        switch (scope) {
            case ROOM -> RoomcastException.required(roomId, "roomId");
            case UNICAST -> RoomcastException.required(recipient, "userId");
            case BROADCAST -> { }
        }
        if (scope != Scope.ROOM && roomId != null) {
            throw RoomcastException.invalid("roomId", "is only for scope 'room'");
        }
        if (scope != Scope.UNICAST && recipient != null) {
            throw RoomcastException.invalid("userId", "is only for scope 'user'");
        }
        if (giftValue < 0) {
            throw RoomcastException.invalid("giftValue", "must not be negative, got " + giftValue);
        }
        if (giftValue > 0 && category != Category.GIFT) {
            throw RoomcastException.invalid("giftValue", "is only for category GIFT");
        }
        if (version < 0) {
            throw RoomcastException.invalid("version", "must not be negative, got " + version);
        }
        if (stateKey == null && version != 0) {
            throw RoomcastException.invalid("version", "needs a stateKey");
        }
    }

    /** A room message with the rule-given priority and no state or key: the common case. */
    public static PublishCommand toRoom(RoomId room, Category category, UserId sender, Payload payload) {
        return new PublishCommand(Scope.ROOM, room, null, category, null, 0, sender, payload, null, 0, null);
    }
}
