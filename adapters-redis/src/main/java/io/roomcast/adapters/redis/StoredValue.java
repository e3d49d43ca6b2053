package io.roomcast.adapters.redis;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.ByteBuffer;

/**
 * The form of every message the store keeps in Redis: an 8-byte big-endian order key, then the
 * message as one encoded {@code roomcast.v1.Message} (the protocol's storage form) carrying its
 * position. In a stream member or an idempotency value the order key is the position's
 * {@code seq}; in a state hash value it is the message's {@code version}.
 *
 * <p>Why an order key in front of the protobuf: a sorted set orders members with equal scores by
 * their bytes. Many messages share a millisecond (the score), and protobuf bytes would put them in
 * the order of their random ids; with the sequence in front, rank order is position order, so
 * retention by count ({@code ZREMRANGEBYRANK}) removes the oldest and a read can page by rank.
 *
 * <p>The position is given inside {@code append.lua}, so the script writes it: Java encodes the
 * message without a position and the script appends {@code cursor_millis} (field 8) and
 * {@code cursor_seq} (field 9), plus {@code created_at} (field 7) when it raised it, as plain
 * varint fields: valid protobuf, the last occurrence of a field wins. Message {@code m1} of room
 * {@code r1} stored at position {@code 1764288000000-42}:
 *
 * <pre>
 * 00 00 00 00 00 00 00 2a              order key: seq 42
 * 0a 02 6d 31 10 01 1a 02 72 31 ...    the message without position (id "m1", scope ROOM, room "r1", ...)
 * 40 80 e0 89 be ac 33                 cursor_millis = 1764288000000
 * 48 2a                                cursor_seq = 42
 * </pre>
 */
final class StoredValue {
    static final int ORDER_KEY_BYTES = 8;

    private StoredValue() {
    }

    /** The 8-byte big-endian order key of a non-negative number. */
    static byte[] orderKey(long value) {
        return ByteBuffer.allocate(ORDER_KEY_BYTES).putLong(value).array();
    }

    /**
     * The stored message in {@code value}.
     *
     * @throws RoomcastException {@code INVALID_ARGUMENT} when the bytes are not a stored message
     */
    static Message decode(byte[] value) {
        return decode(value, 0);
    }

    /** The stored message in {@code value} from {@code offset} on (the bus's payload has a format byte before it). */
    static Message decode(byte[] value, int offset) {
        if (value == null || value.length - offset <= ORDER_KEY_BYTES) {
            throw RoomcastException.invalid("value", (value == null ? 0 : value.length - offset)
                    + " bytes, too short for an order key and a message");
        }
        Message message = MessageCodec.decode(
                ByteBuffer.wrap(value, offset + ORDER_KEY_BYTES, value.length - offset - ORDER_KEY_BYTES));
        if (!message.isStored()) {
            throw RoomcastException.invalid("value", "message " + message.id() + " has no position");
        }
        return message;
    }

    /** The stored message of a stream member or idempotency value, whose order key is its seq. */
    static Message decodeMember(byte[] value) {
        return decodeMember(value, 0);
    }

    /** {@link #decodeMember(byte[])} of the member that starts at {@code offset}. */
    static Message decodeMember(byte[] value, int offset) {
        Message message = decode(value, offset);
        long orderKey = ByteBuffer.wrap(value, offset, ORDER_KEY_BYTES).getLong();
        if (orderKey != message.position().seq()) {
            throw RoomcastException.invalid("value", "order key " + orderKey + " is not the seq of "
                    + message.position());
        }
        return message;
    }

    /** The format byte of a bus payload: 2, the epoch before the member (layout v2). */
    static final byte BUS_FORMAT = 2;

    /**
     * The stored message a bus payload carries, in its family's epoch: {@code 02}, the epoch as 8
     * bytes big-endian, then the stream member ({@code append.lua} publishes it).
     *
     * @throws RoomcastException {@code INVALID_ARGUMENT} when the bytes are not such a payload
     */
    static Message decodeBusPayload(byte[] payload) {
        if (payload.length <= 1 + ORDER_KEY_BYTES || payload[0] != BUS_FORMAT) {
            throw RoomcastException.invalid("payload", payload.length == 0 ? "empty"
                    : "format byte " + payload[0] + " of " + payload.length + " bytes");
        }
        long epoch = ByteBuffer.wrap(payload, 1, ORDER_KEY_BYTES).getLong();
        Message message = decodeMember(payload, 1 + ORDER_KEY_BYTES);
        return message.storedAt(message.position().inEpoch(epoch));
    }
}
