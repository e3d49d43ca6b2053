package io.roomcast.protocol.json;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SkipCounts;
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
 * default values left out, the same string escaping), with these deliberate differences:
 * <ul>
 *   <li>a JSON payload is embedded as JSON, {@code "payload":{"giftId":7}}, not as base64; a
 *       binary payload is written as {@code "payloadBase64":"AQID"} (with
 *       {@code "binaryPayload":true} as usual);</li>
 *   <li>int64 fields are JSON numbers ({@code "createdAt":1764288000123}), not strings;</li>
 *   <li>the lists of a poll answer and a block are always written ({@code "messages":[]}) and so
 *       is {@code "skipped":{...}}, so a client needs no null checks;</li>
 *   <li>{@code < > & = '} are written as they are, not as Gson's HTML-safe backslash-u escapes:
 *       JSON does not need them escaped, and people read these answers;</li>
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
public final class JsonMessages extends JsonMessageParts {
    public JsonMessages() {
        this(DEFAULT_CAPACITY);
    }

    public JsonMessages(int initialCapacity) {
        super(initialCapacity);
    }

    /** Empties the buffer for the next answer. */
    public JsonMessages reset() {
        clear();
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
        put(JsonKeys.MESSAGES);
        messages(messages);
        field(JsonKeys.CURSOR);
        cursor(cursor);
        if (pollAfterMs != 0) {
            field(JsonKeys.POLL_AFTER_MS);
            number(pollAfterMs);
        }
        field(JsonKeys.SKIPPED);
        skipped(skipped);
        if (reset) {
            field(JsonKeys.RESET);
            put(TRUE);
        }
        if (more) {
            field(JsonKeys.MORE);
            put(TRUE);
        }
        states(states, null);
        put('}');
        return this;
    }

    /**
     * The JSON form of {@code roomcast.v1.Slice}: one closed slice of a room's guest feed ({@code
     * "slice"} a string, as the JSON mapping writes a uint64).
     */
    public JsonMessages slice(long slice, List<Message> messages, SkipCounts skipped, List<Message> states,
                              boolean truncated) {
        put('{');
        put(JsonKeys.SLICE);
        unsigned(slice);
        field(JsonKeys.MESSAGES);
        messages(messages);
        field(JsonKeys.SKIPPED);
        skipped(skipped);
        states(states, null);
        if (truncated) {
            field(JsonKeys.TRUNCATED);
            put(TRUE);
        }
        put('}');
        return this;
    }

    /** The JSON form of {@code roomcast.v1.SliceHead}: where a room's slices stand. */
    public JsonMessages sliceHead(RoomId room, long slice, long sliceMs, long pollAfterMs, List<Message> states) {
        put('{');
        put(JsonKeys.ROOM_ID);
        string(room.value());
        field(JsonKeys.SLICE);
        unsigned(slice);
        field(JsonKeys.SLICE_MS);
        number(sliceMs);
        field(JsonKeys.POLL_AFTER_MS);
        number(pollAfterMs);
        states(states, null);
        put('}');
        return this;
    }

    private void unsigned(long value) {
        put('"');
        number(value);
        put('"');
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
        put(JsonKeys.HEADER);
        put('{');
        if (header.roomId() != null) {
            field(JsonKeys.ROOM_ID);
            string(header.roomId().value());
        }
        if (header.through() != null) {
            field(JsonKeys.CURSOR);
            cursor(header.through());
        }
        if (header.sentAt() != 0) {
            field(JsonKeys.SENT_AT);
            number(header.sentAt());
        }
        put('}');
        field(JsonKeys.ENTRIES);
        put('[');
        List<Message> entries = block.entries();
        for (int i = 0, n = entries.size(); i < n; i++) {
            if (i > 0) {
                put(',');
            }
            message(entries.get(i), header.roomId());
        }
        put(']');
        field(JsonKeys.SKIPPED);
        skipped(block.skipped());
        states(block.states(), header.roomId());
        put('}');
        return this;
    }

    /** Appends an error body, {@code {"error":{"code":"...","message":"..."}}}: the JSON form of {@code roomcast.v1.ErrorResponse}. */
    public JsonMessages error(String code, String message) {
        put('{');
        put(JsonKeys.ERROR);
        put('{');
        if (code != null && !code.isEmpty()) {
            field(JsonKeys.CODE);
            string(code);
        }
        if (message != null && !message.isEmpty()) {
            field(JsonKeys.MESSAGE);
            string(message);
        }
        put('}');
        put('}');
        return this;
    }
}
