package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishResponse;
import java.nio.charset.StandardCharsets;

/**
 * A publish answer as JSON, exactly as protobuf's {@code JsonFormat} prints it without
 * insignificant whitespace (fields in number order, empty ones left out, the 64-bit
 * {@code createdAt} as a string), written out directly rather than through {@code JsonFormat}'s
 * descriptors, which cost more than parsing the batch did:
 *
 * <pre>
 *   {"results":[{"id":"m1","cursor":"k2f9q1-42","status":"accepted","priority":"HIGH","createdAt":"1764288000123"}]}
 * </pre>
 *
 * A text holding anything but {@code [A-Za-z0-9_.:-]} (which JSON and {@code JsonFormat} may write
 * escaped) is left to {@code JsonFormat}, for the whole answer. Stateless and thread-safe.
 */
final class PublishAnswerJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private PublishAnswerJson() {
    }

    static byte[] of(PublishResponse answer) throws InvalidProtocolBufferException {
        StringBuilder out = new StringBuilder(128);
        return write(out, answer) ? ascii(out) : print(answer);
    }

    static byte[] of(PublishBatchResponse answer) throws InvalidProtocolBufferException {
        if (answer.getResultsCount() == 0) {
            return print(answer); // "{}": an empty repeated field is left out
        }
        StringBuilder out = new StringBuilder(32 + 128 * answer.getResultsCount()).append("{\"results\":[");
        for (int i = 0; i < answer.getResultsCount(); i++) {
            if (i > 0) {
                out.append(',');
            }
            if (!write(out, answer.getResults(i))) {
                return print(answer);
            }
        }
        return ascii(out.append("]}"));
    }

    /** Appends one answer; false when a text needs more than this writes. */
    private static boolean write(StringBuilder out, PublishResponse r) {
        out.append('{');
        int start = out.length();
        boolean plain = field(out, start, "id", r.getId())
                && field(out, start, "cursor", r.getCursor())
                && field(out, start, "status", r.getStatus())
                && field(out, start, "reason", r.getReason())
                && field(out, start, "priority", r.getPriority());
        if (r.getCreatedAt() != 0) {
            comma(out, start).append("\"createdAt\":\"").append(r.getCreatedAt()).append('"');
        }
        out.append('}');
        return plain;
    }

    private static boolean field(StringBuilder out, int start, String name, String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == ':' || c == '-')) {
                return false;
            }
        }
        comma(out, start).append('"').append(name).append("\":\"").append(value).append('"');
        return true;
    }

    private static StringBuilder comma(StringBuilder out, int start) {
        return out.length() > start ? out.append(',') : out;
    }

    private static byte[] ascii(StringBuilder out) {
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] print(MessageOrBuilder answer) throws InvalidProtocolBufferException {
        return PRINTER.print(answer).getBytes(StandardCharsets.UTF_8);
    }
}
