package io.roomcast.adapters.http;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Publish bodies to {@link PublishCommand}s: one {@code roomcast.v1.PublishRequest}, or a batch
 * (a JSON array, {@code {"messages":[...]}}, or a binary {@code PublishBatch}). Every item is
 * parsed and validated before any is returned, so a bad item stops the whole batch before
 * anything is published; its error names its index, {@code messages[3]: category: ...}.
 *
 * <p>JSON is read strictly (no comments, single quotes or trailing data; at most
 * {@value #MAX_DEPTH} levels deep) and mapped by protobuf's {@code JsonFormat}, so field names
 * are the proto's lowerCamelCase (or snake_case) names and an unknown field is an error. The
 * {@code payload} is kept as the JSON text the publisher sent, compacted, with numbers exactly as
 * written. Thread-safe.
 */
final class PublishRequests {
    static final int MAX_DEPTH = 64;

    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final String PAYLOAD = "payload";
    private static final String BATCH = "messages";
    private static final Map<String, FieldDescriptor> FIELDS = fieldNames();

    private final int maxPayloadBytes;

    /** @param maxPayloadBytes the largest payload a message may carry (the publish rule's limit) */
    PublishRequests(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The commands of one body, and whether it was a batch (answered with a list of results). */
    record Parsed(List<PublishCommand> commands, boolean batch) {
    }

    /** Parses a JSON body: an object (one message), an array or {@code {"messages":[...]}} (a batch). */
    Parsed fromJson(byte[] body) {
        JsonElement root = readStrict(utf8(body));
        if (root.isJsonObject() && root.getAsJsonObject().has(BATCH)) {
            JsonObject wrapper = root.getAsJsonObject();
            for (String key : wrapper.keySet()) {
                if (!key.equals(BATCH)) {
                    throw RoomcastException.invalid(key, "unknown field beside 'messages' in a batch");
                }
            }
            if (!wrapper.get(BATCH).isJsonArray()) {
                throw RoomcastException.invalid(BATCH, "must be an array of messages");
            }
            root = wrapper.get(BATCH);
        }
        if (root.isJsonObject()) {
            return new Parsed(List.of(fromJsonItem(root)), false);
        }
        if (!root.isJsonArray()) {
            throw RoomcastException.invalid("body", "must be a JSON object (one message) or an array (a batch)");
        }
        JsonArray items = root.getAsJsonArray();
        checkNotEmpty(items.size());
        List<PublishCommand> commands = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                commands.add(fromJsonItem(items.get(i)));
            } catch (RoomcastException e) {
                throw atIndex(i, e);
            }
        }
        return new Parsed(commands, true);
    }

    /** Parses a binary {@code PublishRequest}, or a {@code PublishBatch} when {@code batch}. */
    Parsed fromProtobuf(byte[] body, boolean batch) {
        List<PublishRequest> requests;
        try {
            requests = batch ? PublishBatch.parseFrom(body).getMessagesList() : List.of(PublishRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw RoomcastException.invalid("body", "malformed protobuf " + (batch ? "PublishBatch" : "PublishRequest")
                    + ": " + e.getMessage());
        }
        if (batch) {
            checkNotEmpty(requests.size());
        }
        List<PublishCommand> commands = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            PublishRequest request = requests.get(i);
            try {
                Payload payload = request.hasPayload()
                        ? payload(Payload.json(PayloadJson.write(request.getPayload())), request.getBinaryPayload())
                        : payload(null, request.getBinaryPayload());
                commands.add(toCommand(request, payload));
            } catch (RoomcastException e) {
                throw batch ? atIndex(i, e) : e;
            }
        }
        return new Parsed(commands, batch);
    }

    private PublishCommand fromJsonItem(JsonElement item) {
        if (!item.isJsonObject()) {
            throw RoomcastException.invalid("message", "must be a JSON object");
        }
        JsonObject object = item.getAsJsonObject();
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            checkField(field.getKey(), field.getValue());
        }
        JsonElement payloadJson = object.remove(PAYLOAD);
        PublishRequest.Builder request = direct(object);
        if (request == null) {
            request = PublishRequest.newBuilder();
            try {
                PARSER.merge(object.toString(), request);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw wrongType(object, e);
            }
        }
        Payload json = payloadJson == null ? null : Payload.json(payloadJson.toString().getBytes(StandardCharsets.UTF_8));
        return toCommand(request.build(), payload(json, request.getBinaryPayload()));
    }

    /**
     * The usual request mapped straight from the parsed tree (fields already type-checked by
     * {@link #checkField}), without writing it out again for {@code JsonFormat} to parse a second
     * time. Returns null for anything it does not take as plainly as {@code JsonFormat} would (a
     * null, a field named twice, a number written as {@code 1e2}, base64 that is not plain padded
     * base64): those go through {@code JsonFormat}, whose answer and errors stay the reference.
     */
    private static PublishRequest.Builder direct(JsonObject object) {
        PublishRequest.Builder request = PublishRequest.newBuilder();
        long seen = 0;
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            FieldDescriptor field = FIELDS.get(e.getKey());
            JsonElement value = e.getValue();
            long bit = 1L << field.getNumber();
            if (!value.isJsonPrimitive() || field.getNumber() >= Long.SIZE || (seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            String text = value.getAsJsonPrimitive().getAsString();
            switch (field.getJavaType()) {
                case STRING -> request.setField(field, text);
                case LONG -> {
                    Long number = wholeNumber(text);
                    if (number == null) {
                        return null;
                    }
                    request.setField(field, number);
                }
                case BYTE_STRING -> {
                    if (text.length() % 4 != 0) {
                        return null;
                    }
                    try {
                        request.setField(field, ByteString.copyFrom(Base64.getDecoder().decode(text)));
                    } catch (IllegalArgumentException notPlainBase64) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return request;
    }

    /** Plain decimal digits with an optional minus, within a long; else null. */
    private static Long wholeNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() - start > 18) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }

    /**
     * Refuses unknown fields and values of the wrong JSON type before JsonFormat, which would
     * take {@code 5} or {@code ["room"]} for a string.
     */
    private static void checkField(String name, JsonElement value) {
        FieldDescriptor field = FIELDS.get(name);
        if (field == null) {
            throw RoomcastException.invalid(name, "unknown field; the fields are scope, roomId, userId, category, "
                    + "priority, giftValue, senderId, payload, binaryPayload, stateKey, version, idempotencyKey");
        }
        if (value.isJsonNull() || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return;
        }
        boolean ok = value.isJsonPrimitive() && switch (field.getJavaType()) {
            case STRING, BYTE_STRING, ENUM -> value.getAsJsonPrimitive().isString();
            // proto3 JSON also writes 64-bit numbers as strings; JsonFormat checks the digits.
            case INT, LONG -> value.getAsJsonPrimitive().isNumber() || value.getAsJsonPrimitive().isString();
            case BOOLEAN -> value.getAsJsonPrimitive().isBoolean();
            default -> true;
        };
        if (!ok) {
            String expected = switch (field.getJavaType()) {
                case INT, LONG -> "a whole number";
                case BOOLEAN -> "true or false";
                case BYTE_STRING -> "a base64 string";
                default -> "a string";
            };
            throw RoomcastException.invalid(name, "must be " + expected + ", got " + Errors.shorten(value.toString()));
        }
    }

    /** Names the field JsonFormat refused: each field is tried alone, the first that fails is named. */
    private static RoomcastException wrongType(JsonObject object, Exception whole) {
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            JsonObject alone = new JsonObject();
            alone.add(field.getKey(), field.getValue());
            try {
                PARSER.merge(alone.toString(), PublishRequest.newBuilder());
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                return RoomcastException.invalid(field.getKey(), "wrong type or value: " + Errors.shorten(e.getMessage()));
            }
        }
        return RoomcastException.invalid("body", Errors.shorten(whole.getMessage()));
    }

    private Payload payload(Payload json, ByteString binary) {
        if (json != null && !binary.isEmpty()) {
            throw RoomcastException.invalid("payload", "send either payload or binaryPayload, not both");
        }
        Payload payload = json != null ? json : binary.isEmpty() ? Payload.emptyJson() : Payload.binary(binary.toByteArray());
        if (payload.size() > maxPayloadBytes) {
            throw new RoomcastException(ErrorCode.TOO_LARGE, "payload: " + payload.size()
                    + " bytes is over the limit of " + maxPayloadBytes);
        }
        return payload;
    }

    /** Maps one request to a command; the command validates addressing and ranges itself. */
    static PublishCommand toCommand(PublishRequest r, Payload payload) {
        Scope scope = Scope.parse(RoomcastException.required(emptyToNull(r.getScope()), "scope"));
        Category category = Category.parse(RoomcastException.required(emptyToNull(r.getCategory()), "category"));
        Priority priority = r.hasPriority() ? Priority.parse(r.getPriority()) : null;
        return new PublishCommand(
                scope,
                optional("roomId", r.getRoomId(), RoomId::of),
                optional("userId", r.getUserId(), UserId::of),
                category,
                priority,
                r.getGiftValue(),
                optional("senderId", r.getSenderId(), UserId::of),
                payload,
                optional("stateKey", r.getStateKey(), StateKey::of),
                r.hasVersion() ? r.getVersion() : 0,
                optional("idempotencyKey", r.getIdempotencyKey(), IdempotencyKey::of));
    }

    /** An id from a string field, empty meaning absent; a bad one is reported under {@code field}. */
    private static <T> T optional(String field, String value, Function<String, T> of) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return of.apply(value);
        } catch (RoomcastException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw RoomcastException.invalid(field, colon >= 0 ? message.substring(colon + 2) : message);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static void checkNotEmpty(int items) {
        if (items == 0) {
            throw RoomcastException.invalid(BATCH, "a batch must hold at least one message");
        }
    }

    private static RoomcastException atIndex(int index, RoomcastException e) {
        return new RoomcastException(e.code(), BATCH + "[" + index + "]: " + e.getMessage());
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RoomcastException.invalid("body", "is not valid UTF-8");
        }
    }

    /** One strict JSON value and nothing after it. */
    private static JsonElement readStrict(String text) {
        checkDepth(text);
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(false);
            JsonElement root = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw RoomcastException.invalid("body", "unexpected data after the JSON value");
            }
            return root;
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            String why = String.valueOf(e.getMessage()).replace("Use JsonReader.setLenient(true) to accept malformed JSON ", "");
            throw RoomcastException.invalid("body", "malformed JSON: " + Errors.shorten(why));
        }
    }

    /** Refuses nesting deeper than {@link #MAX_DEPTH} before a recursive parser sees it. */
    private static void checkDepth(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw RoomcastException.invalid("body", "JSON nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    /** Every field by its proto name and its JSON name. */
    private static Map<String, FieldDescriptor> fieldNames() {
        Map<String, FieldDescriptor> names = new HashMap<>();
        for (FieldDescriptor field : PublishRequest.getDescriptor().getFields()) {
            names.put(field.getName(), field);
            names.put(field.getJsonName(), field);
        }
        return Map.copyOf(names);
    }
}
