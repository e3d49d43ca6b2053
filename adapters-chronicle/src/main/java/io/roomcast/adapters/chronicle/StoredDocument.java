package io.roomcast.adapters.chronicle;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Scope;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of one queue document: a small fixed header that lets the index be rebuilt without
 * decoding a single protobuf, the storage encoding of the message ({@link MessageCodec#encode},
 * the same bytes the Redis store keeps as a sorted-set member), and a CRC32C of everything
 * before it. Little-endian, Chronicle's native order.
 *
 * <pre>
 * offset size  field
 *  0      1    format, 1
 *  1      1    flags: bit 0 a state message (state key and version follow), bit 1 has an idempotency key
 *  2      1    scope: 1 room, 2 user, 3 broadcast
 *  3      1    category: 1 GIFT, 2 CHAT, 3 NOTIFY, 4 PK
 *  4      8    position seq
 * 12      8    position millis
 * 20      8    createdAt
 * 28      1    n, then n ASCII bytes: the room id (room scope), the user id (user scope), nothing (broadcast)
 *  .      1    k, then k ASCII bytes: the state key, then 8 bytes: its version      (flag bit 0 only)
 *  .      1    i, then i ASCII bytes: the idempotency key                           (flag bit 1 only)
 *  .      4    p, then p bytes: the encoded roomcast.v1.Message, position included
 *  .      4    CRC32C of every byte before it
 * </pre>
 *
 * <p>Example: chat message {@code m1} in room {@code r1}, payload {@code {}}, priority LOW,
 * stored at {@code 1764288000123-42}: 73 bytes.
 * <pre>
 * 01 00 01 02                 format 1, no flags, room, CHAT
 * 2a 00 00 00 00 00 00 00     seq 42
 * 7b 70 c2 c7 9a 01 00 00     millis 1764288000123
 * 7b 70 c2 c7 9a 01 00 00     createdAt 1764288000123
 * 02 72 31                    target "r1"
 * 22 00 00 00                 34 bytes of protobuf follow:
 * 0a 02 6d 31 10 01 1a 02 72 31 20 02 28 02 32 02 7b 7d 38 fb e0 89 be ac 33 40 fb e0 89 be ac 33 48 2a
 * xx xx xx xx                 CRC32C of the 69 bytes above
 * </pre>
 *
 * <p>Ids are ASCII by the domain's rules (1-64 of {@code [A-Za-z0-9_.-]}), so one length byte is
 * enough. Anything that does not parse, or whose checksum does not match, is an
 * {@link ErrorCode#INTERNAL} {@link RoomcastException}: callers log it and skip the document.
 * Stateless and thread-safe.
 */
final class StoredDocument {
    static final int FORMAT = 1;
    static final int FLAG_STATE = 1;
    static final int FLAG_KEYED = 2;
    /** Format, flags, scope, category, seq, millis, createdAt, target length, payload length, checksum. */
    static final int MIN_SIZE = 4 + 8 + 8 + 8 + 1 + 4 + 4;

    private StoredDocument() {
    }

    /** What the index needs of a document, read without touching the protobuf. */
    record Header(long seq, long millis, long createdAt, Scope scope, Category category, String target,
                  String stateKey, long version, String idempotencyKey, int payloadOffset, int payloadLength) {
    }

    /** The whole document for a stored message. */
    static byte[] encode(Message stored) {
        DocumentWriter writer = new DocumentWriter();
        int length = writer.write(stored); // first: it may grow the array bytes() hands out
        return Arrays.copyOf(writer.bytes(), length);
    }

    /** Parses and checks the document in {@code bytes[0, length)}. */
    static Header parse(byte[] bytes, int length) {
        if (length < MIN_SIZE) {
            throw corrupt("only " + length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int stored = in.getInt(length - 4);
        if (stored != checksum(bytes, length - 4)) {
            throw corrupt("checksum mismatch (" + length + " bytes)");
        }
        int format = in.get() & 0xFF;
        if (format != FORMAT) {
            throw corrupt("unknown format " + format + " (written by a newer roomcast?)");
        }
        int flags = in.get() & 0xFF;
        Scope scope = scope(in.get() & 0xFF);
        int categoryCode = in.get() & 0xFF;
        if (categoryCode < 1 || categoryCode > Category.values().length) {
            throw corrupt("unknown category " + categoryCode);
        }
        Category category = Category.values()[categoryCode - 1];
        long seq = in.getLong();
        long millis = in.getLong();
        long createdAt = in.getLong();
        if (seq <= 0 || millis < 0 || createdAt < 0) {
            throw corrupt("bad position " + millis + "-" + seq);
        }
        String target = shortString(in, length);
        if (target.isEmpty() != (scope == Scope.BROADCAST)) {
            throw corrupt("a " + scope + " message with target '" + target + "'");
        }
        String stateKey = null;
        long version = 0;
        if ((flags & FLAG_STATE) != 0) {
            stateKey = shortString(in, length);
            need(in, 8, length);
            version = in.getLong();
        }
        String key = (flags & FLAG_KEYED) != 0 ? shortString(in, length) : null;
        need(in, 4, length);
        int payloadLength = in.getInt();
        if (payloadLength < 0 || in.position() + payloadLength != length - 4) {
            throw corrupt("payload length " + payloadLength + " does not fit " + length + " bytes");
        }
        return new Header(seq, millis, createdAt, scope, category, target, stateKey, version, key, in.position(),
                payloadLength);
    }

    /** The message of a parsed document; the codec validates every field. */
    static Message decode(byte[] bytes, Header header) {
        Message message;
        try {
            message = MessageCodec.decode(ByteBuffer.wrap(bytes, header.payloadOffset(), header.payloadLength()));
        } catch (RoomcastException e) {
            // The codec answers a client's bad message with INVALID_ARGUMENT; on disk the same bytes are damage.
            throw e.code() == ErrorCode.INTERNAL ? e : corrupt("the message does not decode: " + e.getMessage());
        }
        if (message.position() == null || message.position().seq() != header.seq()) {
            throw corrupt("header seq " + header.seq() + " but message position " + message.position());
        }
        return message;
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    static int scopeCode(Scope scope) {
        return switch (scope) {
            case ROOM -> 1;
            case UNICAST -> 2;
            case BROADCAST -> 3;
        };
    }

    private static Scope scope(int code) {
        return switch (code) {
            case 1 -> Scope.ROOM;
            case 2 -> Scope.UNICAST;
            case 3 -> Scope.BROADCAST;
            default -> throw corrupt("unknown scope " + code);
        };
    }

    private static String shortString(ByteBuffer in, int length) {
        need(in, 1, length);
        int n = in.get() & 0xFF;
        need(in, n, length);
        String s = new String(in.array(), in.position(), n, StandardCharsets.US_ASCII);
        in.position(in.position() + n);
        return s;
    }

    /** At least {@code n} bytes before the checksum. */
    private static void need(ByteBuffer in, int n, int length) {
        if (in.position() + n > length - 4) {
            throw corrupt("ends early at byte " + in.position());
        }
    }

    private static RoomcastException corrupt(String problem) {
        return new RoomcastException(ErrorCode.INTERNAL, "unreadable queue document: " + problem);
    }
}
