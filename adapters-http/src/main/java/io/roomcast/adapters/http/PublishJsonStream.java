package io.roomcast.adapters.http;

import com.google.gson.stream.JsonReader;
import com.google.protobuf.ByteString;
import io.roomcast.adapters.http.PublishRequests.Parsed;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.message.Payload;
import io.roomcast.protocol.v1.PublishRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The usual JSON publish body read in one pass over its text, straight to commands, without the
 * tree of the whole body that {@link PublishRequests} builds: a message, an array of them or
 * {@code {"messages":[...]}}; in each, every field once, strings without escapes, whole numbers as
 * plain digits (or such a string), {@code binaryPayload} as plain padded base64, {@code payload}
 * any JSON, kept as its own text when that is already compact (no spaces, escapes, U+2028/U+2029 or
 * a name twice in one object), else written compact by Gson as the tree does.
 *
 * <p>Anything else gives null: another form ({@code 1e2}, a null, an escape in a field, a field
 * under both its names), malformed JSON, an unknown field, a refused command. The caller then reads
 * the body through the tree, which stays the reference for every answer and every error; so a valid
 * body of the usual form costs one pass, and any other two. The two must agree on every body
 * ({@code PublishJsonStreamProperties}).
 *
 * <pre>
 *   [{"scope":"room","roomId":"r1","category":"GIFT","giftValue":500,"payload":{"gift":"rose"}}]
 *   -> one PublishCommand(room r1, GIFT, 500, payload {"gift":"rose"}), a batch
 * </pre>
 *
 * One instance per body; {@link #read} is thread-safe.
 */
final class PublishJsonStream {
    private static final String BATCH = "messages";
    /** Every field's names (proto, then JSON where it differs) and its number. */
    private static final String[] NAMES = {"scope", "roomId", "room_id", "userId", "user_id", "category", "priority",
        "giftValue", "gift_value", "senderId", "sender_id", "payload", "binaryPayload", "binary_payload", "stateKey",
        "state_key", "version", "idempotencyKey", "idempotency_key"};
    private static final int[] NUMBERS = {PublishRequest.SCOPE_FIELD_NUMBER, PublishRequest.ROOM_ID_FIELD_NUMBER,
        PublishRequest.ROOM_ID_FIELD_NUMBER, PublishRequest.USER_ID_FIELD_NUMBER, PublishRequest.USER_ID_FIELD_NUMBER,
        PublishRequest.CATEGORY_FIELD_NUMBER, PublishRequest.PRIORITY_FIELD_NUMBER, PublishRequest.GIFT_VALUE_FIELD_NUMBER,
        PublishRequest.GIFT_VALUE_FIELD_NUMBER, PublishRequest.SENDER_ID_FIELD_NUMBER, PublishRequest.SENDER_ID_FIELD_NUMBER,
        PublishRequest.PAYLOAD_FIELD_NUMBER, PublishRequest.BINARY_PAYLOAD_FIELD_NUMBER,
        PublishRequest.BINARY_PAYLOAD_FIELD_NUMBER, PublishRequest.STATE_KEY_FIELD_NUMBER,
        PublishRequest.STATE_KEY_FIELD_NUMBER, PublishRequest.VERSION_FIELD_NUMBER,
        PublishRequest.IDEMPOTENCY_KEY_FIELD_NUMBER, PublishRequest.IDEMPOTENCY_KEY_FIELD_NUMBER};
    /** A payload object with more names than this is written by Gson rather than checked for a name given twice. */
    private static final int MAX_NAMES_CHECKED = 32;

    /** A form the one pass leaves to the tree: thrown through the pass, never out of {@link #read}. */
    private static final class NotUsual extends RuntimeException {
        private static final NotUsual INSTANCE = new NotUsual();

        private NotUsual() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final PublishCommands commands;
    private int at;
    /** The payload being read is already compact text. */
    private boolean compact;

    private PublishJsonStream(String text, PublishCommands commands) {
        this.text = text;
        this.commands = commands;
    }

    /** The commands of {@code text} (a body from {@link StrictJson#text}), or null when the tree must read it. */
    static Parsed read(String text, PublishCommands commands) {
        try {
            return new PublishJsonStream(text, commands).body();
        } catch (RuntimeException notUsualOrRefused) {
            // NotUsual, a refused command (RoomcastException), a bad payload for Gson: the tree answers, with its own error.
            return null;
        }
    }

    private Parsed body() {
        Parsed parsed;
        if (skipSpace() == '[') {
            parsed = new Parsed(items(), true);
        } else {
            expect('{');
            int name = name();
            if (isName(name, BATCH)) {
                parsed = new Parsed(items(), true);
                skipSpace();
                expect('}');
            } else {
                parsed = new Parsed(List.of(item(name)), false);
            }
        }
        if (skipSpace() != -1) {
            throw NotUsual.INSTANCE;
        }
        return parsed;
    }

    private List<PublishCommand> items() {
        skipSpace();
        expect('[');
        List<PublishCommand> items = new ArrayList<>();
        do {
            skipSpace();
            expect('{');
            items.add(item(name()));
        } while (nextIs(','));
        expect(']');
        return items;
    }

    /** One message, inside its object, whose first name ends before {@code name}'s value; reads to the object's end. */
    private PublishCommand item(int firstName) {
        PublishRequest.Builder request = PublishRequest.newBuilder();
        Payload payload = null;
        long seen = 0;
        int name = firstName;
        while (true) {
            int number = field(name);
            if ((seen & 1L << number) != 0) {
                throw NotUsual.INSTANCE;
            }
            seen |= 1L << number;
            skipSpace();
            switch (number) {
                case PublishRequest.SCOPE_FIELD_NUMBER -> request.setScope(string());
                case PublishRequest.ROOM_ID_FIELD_NUMBER -> request.setRoomId(string());
                case PublishRequest.USER_ID_FIELD_NUMBER -> request.setUserId(string());
                case PublishRequest.CATEGORY_FIELD_NUMBER -> request.setCategory(string());
                case PublishRequest.PRIORITY_FIELD_NUMBER -> request.setPriority(string());
                case PublishRequest.GIFT_VALUE_FIELD_NUMBER -> request.setGiftValue(wholeNumber());
                case PublishRequest.SENDER_ID_FIELD_NUMBER -> request.setSenderId(string());
                case PublishRequest.PAYLOAD_FIELD_NUMBER -> payload = Payload.json(payload());
                case PublishRequest.BINARY_PAYLOAD_FIELD_NUMBER -> request.setBinaryPayload(base64(string()));
                case PublishRequest.STATE_KEY_FIELD_NUMBER -> request.setStateKey(string());
                case PublishRequest.VERSION_FIELD_NUMBER -> request.setVersion(wholeNumber());
                case PublishRequest.IDEMPOTENCY_KEY_FIELD_NUMBER -> request.setIdempotencyKey(string());
                default -> throw NotUsual.INSTANCE;
            }
            if (!nextIs(',')) {
                expect('}');
                return commands.command(request.build(), payload);
            }
            name = name();
        }
    }

    /** Reads {@code "name":} (after any spaces) and returns where the name began (its opening quote). */
    private int name() {
        skipSpace();
        int start = at;
        skipString();
        skipSpace();
        expect(':');
        return start;
    }

    private boolean isName(int quote, String name) {
        return text.startsWith(name, quote + 1) && text.charAt(quote + 1 + name.length()) == '"';
    }

    /** The field number of the name whose opening quote is at {@code quote}; 0 for none. */
    private int field(int quote) {
        for (int k = 0; k < NAMES.length; k++) {
            if (isName(quote, NAMES[k])) {
                return NUMBERS[k];
            }
        }
        return 0;
    }

    /** A string without escapes. */
    private String string() {
        int start = at + 1;
        compact = true;
        skipString();
        if (!compact) {
            throw NotUsual.INSTANCE;
        }
        return text.substring(start, at - 1);
    }

    /** Plain digits, as a number or a string (proto3 JSON writes 64-bit numbers either way). */
    private long wholeNumber() {
        int start = at;
        String digits;
        if (peek() == '"') {
            digits = string();
        } else {
            skipNumber();
            digits = text.substring(start, at);
        }
        Long number = PublishRequestJson.wholeNumber(digits);
        if (number == null) {
            throw NotUsual.INSTANCE;
        }
        return number;
    }

    /** Plain padded base64 (the decoder refuses anything else, which the tree then names). */
    private static ByteString base64(String text) {
        if (text.length() % 4 != 0) {
            throw NotUsual.INSTANCE;
        }
        return ByteString.copyFrom(Base64.getDecoder().decode(text));
    }

    /** The payload's JSON, compact: its own text when it is, else as Gson writes its tree. */
    private byte[] payload() {
        int start = at;
        compact = true;
        skipValue();
        String json = text.substring(start, at);
        if (!compact) {
            try {
                json = StrictJson.compact(new JsonReader(new StringReader(json)));
            } catch (IOException e) {
                throw NotUsual.INSTANCE;
            }
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Skips one JSON value, strictly; clears {@link #compact} at a space, an escape or a name given twice in an object. */
    private void skipValue() {
        switch (skipSpace()) {
            case '{' -> skipObject();
            case '[' -> {
                at++;
                if (!nextIs(']')) {
                    do {
                        skipValue();
                    } while (nextIs(','));
                    expect(']');
                }
            }
            case '"' -> skipString();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> skipNumber();
        }
    }

    private void skipObject() {
        at++;
        if (nextIs('}')) {
            return;
        }
        int[] names = new int[4];
        int count = 0;
        do {
            int name = name();
            if (count < MAX_NAMES_CHECKED) {
                for (int k = 0; k < count && compact; k++) {
                    if (sameString(names[k], name)) {
                        compact = false;
                    }
                }
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                }
                names[count++] = name;
            } else {
                compact = false;
            }
            skipValue();
        } while (nextIs(','));
        expect('}');
    }

    /** Two escape-free strings, by their opening quotes, are the same text. */
    private boolean sameString(int a, int b) {
        int end = text.indexOf('"', a + 1);
        int length = end - a;
        return text.regionMatches(a, text, b, length + 1);
    }

    /**
     * Skips a string, strictly; clears {@link #compact} at an escape, or at U+2028 or U+2029 (which Gson writes escaped).
     * A raw control character is not JSON: the tree names it.
     */
    private void skipString() {
        expect('"');
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw NotUsual.INSTANCE;
            }
            if (c == '\\' || c == '\u2028' || c == '\u2029') {
                compact = false;
                if (c == '\\') {
                    skipEscape();
                }
            }
        }
        throw NotUsual.INSTANCE;
    }

    private void skipEscape() {
        int c = at < text.length() ? text.charAt(at++) : -1;
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int k = 0; k < 4; k++) {
                    if (Character.digit(peek(), 16) < 0) {
                        throw NotUsual.INSTANCE;
                    }
                    at++;
                }
            }
            default -> throw NotUsual.INSTANCE;
        }
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber() {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (peek() == '.') {
            at++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
    }

    private void digits() {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        if (at == start) {
            throw NotUsual.INSTANCE;
        }
    }

    private void word(String word) {
        if (!text.startsWith(word, at)) {
            throw NotUsual.INSTANCE;
        }
        at += word.length();
    }

    /** After optional spaces: the next character is {@code c} (consumed), or not (left). */
    private boolean nextIs(char c) {
        if (skipSpace() == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw NotUsual.INSTANCE;
        }
        at++;
    }

    private boolean spaceAhead() {
        int c = peek();
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Skips spaces (a payload with any is not compact); returns the next character, or -1 at the end. */
    private int skipSpace() {
        while (spaceAhead()) {
            at++;
            compact = false;
        }
        return peek();
    }

    private int peek() {
        return at < text.length() ? text.charAt(at) : -1;
    }
}
