package io.roomcast.adapters.http;

import com.google.gson.stream.JsonReader;
import com.google.protobuf.ByteString;
import io.roomcast.adapters.http.PublishRequests.Parsed;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.message.Payload;
import io.roomcast.protocol.v1.PublishRequest;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
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

    /** The text, read by position ({@link JsonText}: strict JSON, and whether a payload is already compact). */
    private final JsonText in;
    private final PublishCommands commands;

    private PublishJsonStream(String text, PublishCommands commands) {
        this.in = new JsonText(text);
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
        if (in.skipSpace() == '[') {
            parsed = new Parsed(items(), true);
        } else {
            in.expect('{');
            int name = in.name();
            if (in.isName(name, BATCH)) {
                parsed = new Parsed(items(), true);
                in.skipSpace();
                in.expect('}');
            } else {
                parsed = new Parsed(List.of(item(name)), false);
            }
        }
        if (in.skipSpace() != -1) {
            throw JsonText.NotUsual.INSTANCE;
        }
        return parsed;
    }

    private List<PublishCommand> items() {
        in.skipSpace();
        in.expect('[');
        List<PublishCommand> items = new ArrayList<>();
        do {
            in.skipSpace();
            in.expect('{');
            items.add(item(in.name()));
        } while (in.nextIs(','));
        in.expect(']');
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
                throw JsonText.NotUsual.INSTANCE;
            }
            seen |= 1L << number;
            in.skipSpace();
            switch (number) {
                case PublishRequest.SCOPE_FIELD_NUMBER -> request.setScope(in.plainString());
                case PublishRequest.ROOM_ID_FIELD_NUMBER -> request.setRoomId(in.plainString());
                case PublishRequest.USER_ID_FIELD_NUMBER -> request.setUserId(in.plainString());
                case PublishRequest.CATEGORY_FIELD_NUMBER -> request.setCategory(in.plainString());
                case PublishRequest.PRIORITY_FIELD_NUMBER -> request.setPriority(in.plainString());
                case PublishRequest.GIFT_VALUE_FIELD_NUMBER -> request.setGiftValue(wholeNumber());
                case PublishRequest.SENDER_ID_FIELD_NUMBER -> request.setSenderId(in.plainString());
                case PublishRequest.PAYLOAD_FIELD_NUMBER -> payload = Payload.json(payload());
                case PublishRequest.BINARY_PAYLOAD_FIELD_NUMBER -> request.setBinaryPayload(base64(in.plainString()));
                case PublishRequest.STATE_KEY_FIELD_NUMBER -> request.setStateKey(in.plainString());
                case PublishRequest.VERSION_FIELD_NUMBER -> request.setVersion(wholeNumber());
                case PublishRequest.IDEMPOTENCY_KEY_FIELD_NUMBER -> request.setIdempotencyKey(in.plainString());
                default -> throw JsonText.NotUsual.INSTANCE;
            }
            if (!in.nextIs(',')) {
                in.expect('}');
                return commands.command(request.build(), payload);
            }
            name = in.name();
        }
    }

    /** The field number of the name whose opening quote is at {@code quote}; 0 for none. */
    private int field(int quote) {
        for (int k = 0; k < NAMES.length; k++) {
            if (in.isName(quote, NAMES[k])) {
                return NUMBERS[k];
            }
        }
        return 0;
    }

    /** Plain digits, as a number or a string (proto3 JSON writes 64-bit numbers either way). */
    private long wholeNumber() {
        String digits = in.peek() == '"' ? in.plainString() : in.number();
        Long number = PublishRequestJson.wholeNumber(digits);
        if (number == null) {
            throw JsonText.NotUsual.INSTANCE;
        }
        return number;
    }

    /** Plain padded base64 (the decoder refuses anything else, which the tree then names). */
    private static ByteString base64(String text) {
        if (text.length() % 4 != 0) {
            throw JsonText.NotUsual.INSTANCE;
        }
        return ByteString.copyFrom(Base64.getDecoder().decode(text));
    }

    /** The payload's JSON, compact: its own text when it is, else as Gson writes its tree. */
    private String payload() {
        int start = in.at();
        in.startCompact();
        in.skipValue();
        String json = in.slice(start, in.at());
        if (!in.isCompact()) {
            try {
                json = StrictJson.compact(new JsonReader(new StringReader(json)));
            } catch (IOException e) {
                throw JsonText.NotUsual.INSTANCE;
            }
        }
        return json;
    }
}
