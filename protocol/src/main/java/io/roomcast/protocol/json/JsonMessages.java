package io.roomcast.protocol.json;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written JSON writer for the hot HTTP answers: poll answers, messages, blocks and error
 * bodies, written as UTF-8 straight into one reusable byte buffer.
 *
 * <p>The output is what protobuf's {@code JsonFormat.printer().omittingInsignificantWhitespace()}
 * prints for the same {@code roomcast.v1} proto (same field names and order, enums by name,
 * default values left out, the same string escaping, including Gson's HTML-safe escapes of
 * {@code < > & = '}), with these deliberate differences:
 * <ul>
 *   <li>a JSON payload is embedded as JSON, {@code "payload":{"giftId":7}}, not as base64; a
 *       binary payload is written as {@code "payloadBase64":"AQID"} (with
 *       {@code "binaryPayload":true} as usual);</li>
 *   <li>int64 fields are JSON numbers ({@code "createdAt":1764288000123}), not strings;</li>
 *   <li>the lists of a poll answer and a block are always written ({@code "messages":[]}) and so
 *       is {@code "skipped":{...}}, so a client needs no null checks;</li>
 *   <li>a lone surrogate in a string is written as a backslash-u escape (JsonFormat would
 *       emit an unencodable character).</li>
 * </ul>
 * Renaming {@code payloadBase64} to {@code payload} and base64-encoding an embedded JSON payload
 * turns the output into input that {@code JsonFormat.parser()} reads back to the same proto.
 *
 * <p>A JSON payload is copied as it is: the publish path has already checked that it is JSON.
 *
 * <p>Example, a poll answer with one message:
 * <pre>{@code
 * {"messages":[{"id":"19ac8e0f27b4f3a9c2d1e07b55a","scope":"SCOPE_ROOM","roomId":"r1",
 *   "category":"GIFT","priority":"HIGH","payload":{"giftId":7},"createdAt":1764288000123,
 *   "cursorMillis":1764288000123,"cursorSeq":42,"senderId":"u1","giftValue":500}],
 *  "cursor":"1764288000123-42","pollAfterMs":2000,"skipped":{"priority":3}}
 * }</pre>
 *
 * <p>Usage: {@code json.reset().poll(...)}, then send {@link #array()} up to {@link #length()}
 * (or {@link #byteBuffer()}) before the next {@code reset}. Not thread-safe: keep one per thread
 * or per request. A buffer grown past 1 MiB is let go at {@link #reset}, so one huge answer does
 * not pin memory.
 */
public final class JsonMessages {
    private static final int DEFAULT_CAPACITY = 4 * 1024;
    private static final int RETAINED_CAPACITY = 1024 * 1024;

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] BASE64 = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    /**
     * Per ASCII character: 0 written as is, 'u' as a six-character backslash-u escape with four
     * lower-case hex digits, or the letter after the backslash of a two-character escape. The same choices as Gson's HTML-safe
     * writer, which JsonFormat uses.
     */
    private static final byte[] ASCII_ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ESCAPES[c] = 'u';
        }
        ASCII_ESCAPES['"'] = '"';
        ASCII_ESCAPES['\\'] = '\\';
        ASCII_ESCAPES['\t'] = 't';
        ASCII_ESCAPES['\b'] = 'b';
        ASCII_ESCAPES['\n'] = 'n';
        ASCII_ESCAPES['\r'] = 'r';
        ASCII_ESCAPES['\f'] = 'f';
        for (char c : new char[] {'<', '>', '&', '=', '\''}) {
            ASCII_ESCAPES[c] = 'u';
        }
    }

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

    // Keys with their quotes and colon, in proto field-number order.
    private static final byte[] K_ID = key("id");
    private static final byte[] K_SCOPE = key("scope");
    private static final byte[] K_ROOM_ID = key("roomId");
    private static final byte[] K_CATEGORY = key("category");
    private static final byte[] K_PRIORITY = key("priority");
    private static final byte[] K_PAYLOAD = key("payload");
    private static final byte[] K_PAYLOAD_BASE64 = key("payloadBase64");
    private static final byte[] K_CREATED_AT = key("createdAt");
    private static final byte[] K_CURSOR_MILLIS = key("cursorMillis");
    private static final byte[] K_CURSOR_SEQ = key("cursorSeq");
    private static final byte[] K_SENDER_ID = key("senderId");
    private static final byte[] K_GIFT_VALUE = key("giftValue");
    private static final byte[] K_SENT_AT = key("sentAt");
    private static final byte[] K_BINARY_PAYLOAD = key("binaryPayload");
    private static final byte[] K_STATE_KEY = key("stateKey");
    private static final byte[] K_VERSION = key("version");
    private static final byte[] K_USER_ID = key("userId");
    private static final byte[] K_IDEMPOTENCY_KEY = key("idempotencyKey");
    private static final byte[] K_AGE = key("age");
    private static final byte[] K_BUDGET = key("budget");
    private static final byte[] K_SUPERSEDED = key("superseded");
    private static final byte[] K_HEADER = key("header");
    private static final byte[] K_CURSOR = key("cursor");
    private static final byte[] K_ENTRIES = key("entries");
    private static final byte[] K_SKIPPED = key("skipped");
    private static final byte[] K_MESSAGES = key("messages");
    private static final byte[] K_STATES = key("states");
    private static final byte[] K_POLL_AFTER_MS = key("pollAfterMs");
    private static final byte[] K_RESET = key("reset");
    private static final byte[] K_MORE = key("more");
    private static final byte[] K_ERROR = key("error");
    private static final byte[] K_CODE = key("code");
    private static final byte[] K_MESSAGE = key("message");
    private static final byte[] TRUE = ascii("true");

    private byte[] buf;
    private int len;

    public JsonMessages() {
        this(DEFAULT_CAPACITY);
    }

    public JsonMessages(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Empties the buffer for the next answer. */
    public JsonMessages reset() {
        if (buf.length > RETAINED_CAPACITY) {
            buf = new byte[DEFAULT_CAPACITY];
        }
        len = 0;
        return this;
    }

    /** The backing array: valid from 0 to {@link #length()} until the next write or reset. */
    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** The written bytes without a copy: valid until the next write or reset. */
    public ByteBuffer byteBuffer() {
        return ByteBuffer.wrap(buf, 0, len);
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The written JSON as text (a copy; for tests and logs). */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Appends a poll answer: the JSON form of {@code roomcast.v1.PollResponse}.
     *
     * @param messages    chosen messages in position order
     * @param cursor      the cursor for the next poll
     * @param pollAfterMs when to poll next
     * @param skipped     messages not delivered, by reason
     * @param reset       the given cursor was unusable and the answer starts afresh
     * @param more        more messages are waiting
     */
    public JsonMessages poll(List<Message> messages, Cursor cursor, long pollAfterMs, SkipCounts skipped,
                             boolean reset, boolean more) {
        return poll(messages, cursor, pollAfterMs, skipped, reset, more, List.of());
    }

    /** As above, with the answer's gain repair ({@code "states":[...]}, written only when there are any). */
    public JsonMessages poll(List<Message> messages, Cursor cursor, long pollAfterMs, SkipCounts skipped,
                             boolean reset, boolean more, List<Message> states) {
        put('{');
        put(K_MESSAGES);
        put('[');
        for (int i = 0, n = messages.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(messages.get(i), null);
        }
        put(']');
        field(K_CURSOR);
        cursor(cursor);
        if (pollAfterMs != 0) {
            field(K_POLL_AFTER_MS);
            number(pollAfterMs);
        }
        field(K_SKIPPED);
        skipped(skipped);
        if (reset) {
            field(K_RESET);
            put(TRUE);
        }
        if (more) {
            field(K_MORE);
            put(TRUE);
        }
        states(states, null);
        put('}');
        return this;
    }

    /** {@code ,"states":[...]} when there are any. */
    private void states(List<Message> states, RoomId room) {
        if (states.isEmpty()) {
            return;
        }
        field(K_STATES);
        put('[');
        for (int i = 0, n = states.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(states.get(i), room);
        }
        put(']');
    }

    /** Appends one message: the JSON form of {@code roomcast.v1.Message}. */
    public JsonMessages message(Message message) {
        message(message, null);
        return this;
    }

    /** Appends a block: the JSON form of {@code roomcast.v1.Block} (entries omit the header's room). */
    public JsonMessages block(Block block) {
        BlockHeader header = block.header();
        put('{');
        put(K_HEADER);
        put('{');
        if (header.roomId() != null) {
            field(K_ROOM_ID);
            string(header.roomId().value());
        }
        if (header.through() != null) {
            field(K_CURSOR);
            cursor(header.through());
        }
        if (header.sentAt() != 0) {
            field(K_SENT_AT);
            number(header.sentAt());
        }
        put('}');
        field(K_ENTRIES);
        put('[');
        List<Message> entries = block.entries();
        for (int i = 0, n = entries.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(entries.get(i), header.roomId());
        }
        put(']');
        field(K_SKIPPED);
        skipped(block.skipped());
        states(block.states(), header.roomId());
        put('}');
        return this;
    }

    /** Appends an error body, {@code {"error":{"code":"...","message":"..."}}}: the JSON form of {@code roomcast.v1.ErrorResponse}. */
    public JsonMessages error(String code, String message) {
        put('{');
        put(K_ERROR);
        put('{');
        if (code != null && !code.isEmpty()) {
            field(K_CODE);
            string(code);
        }
        if (message != null && !message.isEmpty()) {
            field(K_MESSAGE);
            string(message);
        }
        put('}');
        put('}');
        return this;
    }

    private void message(Message m, RoomId impliedRoom) {
        put('{');
        put(K_ID);
        string(m.id().value());
        field(K_SCOPE);
        put(SCOPES[m.scope().ordinal()]);
        if (m.roomId() != null && !m.roomId().equals(impliedRoom)) {
            field(K_ROOM_ID);
            string(m.roomId().value());
        }
        field(K_CATEGORY);
        put(CATEGORIES[m.category().ordinal()]);
        field(K_PRIORITY);
        put(PRIORITIES[m.priority().ordinal()]);
        Payload payload = m.payload();
        if (payload.size() > 0) {
            if (payload.isJson()) {
                field(K_PAYLOAD);
                ensure(payload.size());
                payload.copyTo(buf, len);
                len += payload.size();
            } else {
                field(K_PAYLOAD_BASE64);
                base64(payload.bytes());
            }
        }
        if (m.createdAt() != 0) {
            field(K_CREATED_AT);
            number(m.createdAt());
        }
        if (m.position() != null) {
            field(K_CURSOR_MILLIS);
            number(m.position().millis());
            field(K_CURSOR_SEQ);
            number(m.position().seq());
        }
        if (m.sender() != null) {
            field(K_SENDER_ID);
            string(m.sender().value());
        }
        if (m.giftValue() != 0) {
            field(K_GIFT_VALUE);
            number(m.giftValue());
        }
        if (m.sentAt() != 0) {
            field(K_SENT_AT);
            number(m.sentAt());
        }
        if (!payload.isJson()) {
            field(K_BINARY_PAYLOAD);
            put(TRUE);
        }
        if (m.stateKey() != null) {
            field(K_STATE_KEY);
            string(m.stateKey().value());
        }
        if (m.version() != 0) {
            field(K_VERSION);
            number(m.version());
        }
        if (m.recipient() != null) {
            field(K_USER_ID);
            string(m.recipient().value());
        }
        if (m.idempotencyKey() != null) {
            field(K_IDEMPOTENCY_KEY);
            string(m.idempotencyKey().value());
        }
        put('}');
    }

    private void skipped(SkipCounts s) {
        put('{');
        if (s.priority() != 0) {
            field(K_PRIORITY);
            number(s.priority());
        }
        if (s.age() != 0) {
            field(K_AGE);
            number(s.age());
        }
        if (s.budget() != 0) {
            field(K_BUDGET);
            number(s.budget());
        }
        if (s.superseded() != 0) {
            field(K_SUPERSEDED);
            number(s.superseded());
        }
        put('}');
    }

    /** The wire form of {@link Cursor#encode()}, written without building the string. */
    private void cursor(Cursor c) {
        put('"');
        if (c.equals(Cursor.ORIGIN)) {
            put('0');
        } else {
            number(c.millis());
            put('-');
            number(c.seq());
        }
        put('"');
    }

    /** A key inside an object: a comma first unless it is the object's first key. */
    private void field(byte[] key) {
        if (buf[len - 1] != '{') {
            put(',');
        }
        put(key);
    }

    private void number(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                put(ascii(Long.toString(value)));
                return;
            }
            buf[len++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        len = end;
    }

    /** A JSON string: UTF-8, escaped as Gson's HTML-safe writer (and so JsonFormat) escapes. */
    private void string(String s) {
        int n = s.length();
        ensure(6L * n + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ASCII_ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape == 'u') {
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = escape;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                // A lone surrogate has no UTF-8 form; U+2028/9 end lines in JavaScript source.
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** Standard base64 with padding, in quotes: what JsonFormat writes for bytes. */
    private void base64(byte[] data) {
        int n = data.length;
        ensure((n + 2L) / 3 * 4 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        int i = 0;
        for (; i + 2 < n; i += 3) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 0x3F];
            b[p++] = BASE64[(v >>> 6) & 0x3F];
            b[p++] = BASE64[v & 0x3F];
        }
        int rest = n - i;
        if (rest > 0) {
            int v = (data[i] & 0xFF) << 16 | (rest == 2 ? (data[i + 1] & 0xFF) << 8 : 0);
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 0x3F];
            b[p++] = rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=';
            b[p++] = '=';
        }
        b[p++] = '"';
        len = p;
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(long more) {
        if (buf.length - len < more) {
            long wanted = Math.max(len + more, 2L * buf.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("JSON answer over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] quoted(String s) {
        return ascii('"' + s + '"');
    }

    private static byte[] key(String name) {
        return ascii('"' + name + "\":");
    }
}
