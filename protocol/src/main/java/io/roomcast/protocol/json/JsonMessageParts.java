package io.roomcast.protocol.json;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.codec.MessageCodec;
import java.util.List;

/**
 * The middle layer of {@link JsonMessages}: the parts every answer is built from, written with the
 * {@link JsonWriter} primitives. One message ({@code roomcast.v1.Message}, leaving out a room the
 * answer already names), a list of messages, the {@code "states"} list, the skipped counts and a
 * cursor, with the enum names as the proto spells them. The answers' own shapes (poll, slice, block,
 * error) and the public API are in {@code JsonMessages}.
 *
 * <p>A base class rather than a helper object for the reason {@link JsonWriter} is one: the buffer
 * and its length stay fields of the one writer object, so a message costs no extra load or
 * allocation. Nothing here is public; the instance methods are final.
 *
 * <p>Not thread-safe, as {@link JsonMessages}.
 */
abstract class JsonMessageParts extends JsonWriter {
    // Enum names as the proto spells them, taken from the codec so the two cannot drift apart.
    private static final byte[][] SCOPES = new byte[Scope.values().length][];
    private static final byte[][] CATEGORIES = new byte[Category.values().length][];
    private static final byte[][] PRIORITIES = new byte[Priority.values().length][];

    static {
        for (Scope s : Scope.values()) {
            SCOPES[s.ordinal()] = quoted(MessageCodec.toProto(s).name());
        }
        for (Category c : Category.values()) {
            CATEGORIES[c.ordinal()] = quoted(MessageCodec.toProto(c).name());
        }
        for (Priority p : Priority.values()) {
            PRIORITIES[p.ordinal()] = quoted(MessageCodec.toProto(p).name());
        }
    }

    static final byte[] TRUE = ascii("true");

    JsonMessageParts(int initialCapacity) {
        super(initialCapacity);
    }

    final void messages(List<Message> messages) {
        put('[');
        for (int i = 0, n = messages.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(messages.get(i), null);
        }
        put(']');
    }

    /** {@code ,"states":[...]} when there are any. */
    final void states(List<Message> states, RoomId room) {
        if (states.isEmpty()) {
            return;
        }
        field(JsonKeys.STATES);
        put('[');
        for (int i = 0, n = states.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(states.get(i), room);
        }
        put(']');
    }

    final void message(Message m, RoomId impliedRoom) {
        put('{');
        put(JsonKeys.ID);
        string(m.id().value());
        field(JsonKeys.SCOPE);
        put(SCOPES[m.scope().ordinal()]);
        if (m.roomId() != null && !m.roomId().equals(impliedRoom)) {
            field(JsonKeys.ROOM_ID);
            string(m.roomId().value());
        }
        field(JsonKeys.CATEGORY);
        put(CATEGORIES[m.category().ordinal()]);
        field(JsonKeys.PRIORITY);
        put(PRIORITIES[m.priority().ordinal()]);
        Payload payload = m.payload();
        if (payload.size() > 0) {
            if (payload.isJson()) {
                field(JsonKeys.PAYLOAD);
                ensure(payload.size());
                payload.copyTo(buf, len);
                len += payload.size();
            } else {
                field(JsonKeys.PAYLOAD_BASE64);
                base64(payload.bytes());
            }
        }
        if (m.createdAt() != 0) {
            field(JsonKeys.CREATED_AT);
            number(m.createdAt());
        }
        if (m.position() != null) {
            field(JsonKeys.CURSOR_MILLIS);
            number(m.position().millis());
            field(JsonKeys.CURSOR_SEQ);
            number(m.position().seq());
        }
        if (m.sender() != null) {
            field(JsonKeys.SENDER_ID);
            string(m.sender().value());
        }
        if (m.giftValue() != 0) {
            field(JsonKeys.GIFT_VALUE);
            number(m.giftValue());
        }
        if (m.sentAt() != 0) {
            field(JsonKeys.SENT_AT);
            number(m.sentAt());
        }
        if (!payload.isJson()) {
            field(JsonKeys.BINARY_PAYLOAD);
            put(TRUE);
        }
        if (m.stateKey() != null) {
            field(JsonKeys.STATE_KEY);
            string(m.stateKey().value());
        }
        if (m.version() != 0) {
            field(JsonKeys.VERSION);
            number(m.version());
        }
        if (m.recipient() != null) {
            field(JsonKeys.USER_ID);
            string(m.recipient().value());
        }
        if (m.idempotencyKey() != null) {
            field(JsonKeys.IDEMPOTENCY_KEY);
            string(m.idempotencyKey().value());
        }
        put('}');
    }

    final void skipped(SkipCounts s) {
        put('{');
        if (s.priority() != 0) {
            field(JsonKeys.PRIORITY);
            number(s.priority());
        }
        if (s.age() != 0) {
            field(JsonKeys.AGE);
            number(s.age());
        }
        if (s.budget() != 0) {
            field(JsonKeys.BUDGET);
            number(s.budget());
        }
        if (s.superseded() != 0) {
            field(JsonKeys.SUPERSEDED);
            number(s.superseded());
        }
        put('}');
    }

    /** The wire form of {@link Cursor#encode()}, written without building the string. */
    final void cursor(Cursor c) {
        put('"');
        put(ascii(c.encode()));
        put('"');
    }

    private static byte[] quoted(String s) {
        return ascii('"' + s + '"');
    }
}
