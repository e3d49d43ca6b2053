package io.roomcast.adapters.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.protocol.v1.PublishRequest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of one JSON message onto a {@code PublishRequest}, as protobuf's {@code JsonFormat}
 * maps them: the proto's lowerCamelCase or snake_case names, an unknown field or a value of the
 * wrong JSON type refused under the field's name ({@code roomId: must be a string, got 5}).
 * The caller takes {@code payload} out first and keeps its text. Stateless and thread-safe.
 */
final class PublishRequestJson {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final Map<String, FieldDescriptor> FIELDS = fieldNames();

    private PublishRequestJson() {
    }

    /** The request of {@code object}'s fields, each checked first; the first bad one is named. */
    static PublishRequest.Builder map(JsonObject object) {
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            checkField(field.getKey(), field.getValue());
        }
        PublishRequest.Builder request = direct(object);
        if (request == null) {
            request = PublishRequest.newBuilder();
            try {
                PARSER.merge(object.toString(), request);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw wrongType(object, e);
            }
        }
        return request;
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
    static Long wholeNumber(String text) {
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
