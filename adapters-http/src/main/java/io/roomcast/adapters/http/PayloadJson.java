package io.roomcast.adapters.http;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.domain.error.RoomcastException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A protobuf {@code google.protobuf.Value} (the payload of a binary {@code PublishRequest}) as
 * compact JSON text. Unlike {@code JsonFormat}, whole numbers are written without a fraction
 * ({@code 7}, not {@code 7.0}), so a payload reads the same whichever way it was published.
 * Example: {@code struct{giftId: number 7, tags: list[string "a"]}} becomes
 * {@code {"giftId":7,"tags":["a"]}}. Stateless and thread-safe.
 */
final class PayloadJson {
    /** Below 2^53 every whole double is exact, so it prints as the integer it is. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992.0;

    private PayloadJson() {
    }

    static byte[] write(Value value) {
        StringBuilder out = new StringBuilder(64);
        value(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder out, Value value) {
        switch (value.getKindCase()) {
            case NULL_VALUE -> out.append("null");
            case BOOL_VALUE -> out.append(value.getBoolValue());
            case NUMBER_VALUE -> number(out, value.getNumberValue());
            case STRING_VALUE -> string(out, value.getStringValue());
            case STRUCT_VALUE -> struct(out, value.getStructValue());
            case LIST_VALUE -> list(out, value.getListValue());
            case KIND_NOT_SET -> throw RoomcastException.invalid("payload", "holds a value without a kind");
        }
    }

    private static void struct(StringBuilder out, Struct struct) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            value(out, field.getValue());
        }
        out.append('}');
    }

    private static void list(StringBuilder out, ListValue list) {
        out.append('[');
        for (int i = 0, n = list.getValuesCount(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            value(out, list.getValues(i));
        }
        out.append(']');
    }

    private static void number(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw RoomcastException.invalid("payload", "numbers must be finite, got " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGERS) {
            out.append((long) d);
        } else {
            out.append(d);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
