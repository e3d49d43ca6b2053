package io.roomcast.protocol.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import java.nio.ByteBuffer;

/**
 * Domain {@link Message} to and from {@code roomcast.v1.Message}, and the storage encoding (one
 * encoded {@code roomcast.v1.Message}: a Redis sorted-set member, a Chronicle document).
 *
 * <p>The position travels as {@code cursor_millis} + {@code cursor_seq} (both present: stored;
 * both absent: not stored), so a stored member carries its own position and equal payloads never
 * collide. Empty strings are absent values (no sender, no state key, ...).
 *
 * <p>Decoding validates: a malformed, incomplete or out-of-range proto is a
 * {@link RoomcastException} with {@link ErrorCode#INVALID_ARGUMENT} naming the field, never a
 * {@link NullPointerException} or a half-built message. Stateless and thread-safe.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** The full proto form of {@code message}. */
    public static io.roomcast.protocol.v1.Message toProto(Message message) {
        return toProto(message, null);
    }

    /**
     * The proto form, leaving {@code room_id} out when it equals {@code impliedRoom} (a block's
     * header names the room once for all its entries).
     */
    static io.roomcast.protocol.v1.Message toProto(Message message, RoomId impliedRoom) {
        RoomcastException.required(message, "message");
        Payload payload = message.payload();
        io.roomcast.protocol.v1.Message.Builder b = io.roomcast.protocol.v1.Message.newBuilder()
                .setId(message.id().value())
                .setScope(toProto(message.scope()))
                .setCategory(toProto(message.category()))
                .setPriority(toProto(message.priority()))
                // bytes() is a fresh copy owned by nobody else, so wrapping it without a second copy is safe.
                .setPayload(UnsafeByteOperations.unsafeWrap(payload.asReadOnlyBuffer()))
                .setCreatedAt(message.createdAt())
                .setGiftValue(message.giftValue())
                .setSentAt(message.sentAt())
                .setBinaryPayload(!payload.isJson())
                .setVersion(message.version());
        if (message.roomId() != null && !message.roomId().equals(impliedRoom)) {
            b.setRoomId(message.roomId().value());
        }
        if (message.recipient() != null) {
            b.setUserId(message.recipient().value());
        }
        if (message.sender() != null) {
            b.setSenderId(message.sender().value());
        }
        if (message.stateKey() != null) {
            b.setStateKey(message.stateKey().value());
        }
        if (message.idempotencyKey() != null) {
            b.setIdempotencyKey(message.idempotencyKey().value());
        }
        Position position = message.position();
        if (position != null) {
            b.setCursorMillis(position.millis()).setCursorSeq(position.seq());
        }
        return b.build();
    }

    /** The domain message of a proto; validates everything (see the class comment). */
    public static Message fromProto(io.roomcast.protocol.v1.Message proto) {
        return fromProto(proto, null);
    }

    /**
     * The domain message of a proto whose missing {@code room_id} is {@code impliedRoom} when its
     * scope is {@code SCOPE_ROOM} (an entry of a block).
     */
    static Message fromProto(io.roomcast.protocol.v1.Message proto, RoomId impliedRoom) {
        RoomcastException.required(proto, "message");
        Scope scope = fromProto(proto.getScope(), proto.getScopeValue());
        RoomId room = proto.getRoomId().isEmpty()
                ? (scope == Scope.ROOM ? impliedRoom : null)
                : RoomId.of(proto.getRoomId());
        byte[] raw = proto.getPayload().toByteArray();
        Payload payload = proto.getBinaryPayload() ? Payload.binary(raw) : Payload.json(raw);
        return new Message(
                MessageId.of(proto.getId().isEmpty() ? null : proto.getId()),
                scope,
                room,
                proto.getUserId().isEmpty() ? null : UserId.of(proto.getUserId()),
                fromProto(proto.getCategory(), proto.getCategoryValue()),
                fromProto(proto.getPriority(), proto.getPriorityValue()),
                sender(proto.getSenderId()),
                proto.getGiftValue(),
                payload,
                proto.getCreatedAt(),
                proto.getSentAt(),
                proto.getStateKey().isEmpty() ? null : StateKey.of(proto.getStateKey()),
                proto.getVersion(),
                proto.getIdempotencyKey().isEmpty() ? null : IdempotencyKey.of(proto.getIdempotencyKey()),
                position(proto));
    }

    /** The sender, with its own field name in the error (the domain's {@code UserId} says "userId"). */
    private static UserId sender(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return UserId.of(value);
        } catch (RoomcastException e) {
            throw new RoomcastException(e.code(), "senderId: " + e.getMessage(), e);
        }
    }

    /** The storage form: one encoded {@code roomcast.v1.Message}. */
    public static byte[] encode(Message message) {
        return toProto(message).toByteArray();
    }

    /**
     * A message from its storage form.
     *
     * @throws RoomcastException {@link ErrorCode#INVALID_ARGUMENT} for bytes that are not an
     *                           encoded message or encode an invalid one
     */
    public static Message decode(byte[] bytes) {
        RoomcastException.required(bytes, "bytes");
        try {
            return fromProto(io.roomcast.protocol.v1.Message.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw undecodable(bytes.length, e);
        }
    }

    /** A message from its storage form in the buffer's remaining bytes (read, not consumed). */
    public static Message decode(ByteBuffer bytes) {
        RoomcastException.required(bytes, "bytes");
        try {
            return fromProto(io.roomcast.protocol.v1.Message.parseFrom(bytes.duplicate()));
        } catch (InvalidProtocolBufferException e) {
            throw undecodable(bytes.remaining(), e);
        }
    }

    private static RoomcastException undecodable(int size, InvalidProtocolBufferException e) {
        return new RoomcastException(ErrorCode.INVALID_ARGUMENT,
                "message: " + size + " bytes are not an encoded roomcast.v1.Message (" + e.getMessage() + ")", e);
    }

    private static Position position(io.roomcast.protocol.v1.Message proto) {
        if (proto.hasCursorMillis() != proto.hasCursorSeq()) {
            throw RoomcastException.invalid("cursorMillis",
                    "cursor_millis and cursor_seq come together (a stored message) or not at all");
        }
        if (!proto.hasCursorMillis()) {
            return null;
        }
        if (proto.getCursorMillis() < 0 || proto.getCursorSeq() < 0) {
            throw RoomcastException.invalid("cursorMillis", "position must not be negative, got "
                    + proto.getCursorMillis() + "-" + proto.getCursorSeq());
        }
        return new Position(proto.getCursorMillis(), proto.getCursorSeq());
    }

    /** The wire value of a scope. */
    public static io.roomcast.protocol.v1.Scope toProto(Scope scope) {
        return switch (scope) {
            case ROOM -> io.roomcast.protocol.v1.Scope.SCOPE_ROOM;
            case UNICAST -> io.roomcast.protocol.v1.Scope.SCOPE_USER;
            case BROADCAST -> io.roomcast.protocol.v1.Scope.SCOPE_BROADCAST;
        };
    }

    /** The wire value of a category. */
    public static io.roomcast.protocol.v1.Category toProto(Category category) {
        return switch (category) {
            case GIFT -> io.roomcast.protocol.v1.Category.GIFT;
            case CHAT -> io.roomcast.protocol.v1.Category.CHAT;
            case NOTIFY -> io.roomcast.protocol.v1.Category.NOTIFY;
            case PK -> io.roomcast.protocol.v1.Category.PK;
        };
    }

    /** The wire value of a priority. */
    public static io.roomcast.protocol.v1.Priority toProto(Priority priority) {
        return switch (priority) {
            case LOWEST -> io.roomcast.protocol.v1.Priority.LOWEST;
            case LOW -> io.roomcast.protocol.v1.Priority.LOW;
            case NORMAL -> io.roomcast.protocol.v1.Priority.NORMAL;
            case HIGH -> io.roomcast.protocol.v1.Priority.HIGH;
            case CRITICAL -> io.roomcast.protocol.v1.Priority.CRITICAL;
        };
    }

    private static Scope fromProto(io.roomcast.protocol.v1.Scope scope, int number) {
        return switch (scope) {
            case SCOPE_ROOM -> Scope.ROOM;
            case SCOPE_USER -> Scope.UNICAST;
            case SCOPE_BROADCAST -> Scope.BROADCAST;
            case SCOPE_UNSPECIFIED -> throw RoomcastException.invalid("scope", "is required");
            case UNRECOGNIZED -> throw unknownEnum("scope", number);
        };
    }

    private static Category fromProto(io.roomcast.protocol.v1.Category category, int number) {
        return switch (category) {
            case GIFT -> Category.GIFT;
            case CHAT -> Category.CHAT;
            case NOTIFY -> Category.NOTIFY;
            case PK -> Category.PK;
            case CATEGORY_UNSPECIFIED -> throw RoomcastException.invalid("category", "is required");
            case UNRECOGNIZED -> throw unknownEnum("category", number);
        };
    }

    private static Priority fromProto(io.roomcast.protocol.v1.Priority priority, int number) {
        return switch (priority) {
            case LOWEST -> Priority.LOWEST;
            case LOW -> Priority.LOW;
            case NORMAL -> Priority.NORMAL;
            case HIGH -> Priority.HIGH;
            case CRITICAL -> Priority.CRITICAL;
            case PRIORITY_UNSPECIFIED -> throw RoomcastException.invalid("priority", "is required");
            case UNRECOGNIZED -> throw unknownEnum("priority", number);
        };
    }

    private static RoomcastException unknownEnum(String field, int number) {
        return RoomcastException.invalid(field, "unknown enum number " + number
                + " (written by a newer roomcast?)");
    }
}
