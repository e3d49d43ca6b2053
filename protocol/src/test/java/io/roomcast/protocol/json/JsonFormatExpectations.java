package io.roomcast.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link JsonMessages} must write, derived from protobuf's own {@link JsonFormat}, and the way
 * back from its output to a proto.
 */
final class JsonFormatExpectations {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Pattern INT64_AS_STRING =
            Pattern.compile("\"(createdAt|cursorMillis|cursorSeq|giftValue|sentAt|version)\":\"(-?\\d+)\"");

    /** A backslash-u escape of one of {@code < > & = '} (not itself after an escaped backslash). */
    private static final Pattern HTML_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u00(3c|3e|26|3d|27)");

    private JsonFormatExpectations() {
    }

    /** JsonFormat's output without Gson's HTML-safe escapes, which the writer leaves out. */
    static String withoutHtmlEscapes(String json) {
        return HTML_ESCAPE.matcher(json).replaceAll(m -> m.group(1).replace("\\", "\\\\")
                + (char) Integer.parseInt(m.group(2), 16));
    }

    /**
     * JsonFormat's output for {@code proto} with the writer's documented liberties applied: int64
     * fields as numbers, and each payload (of {@code messages}, in output order) embedded as JSON or
     * renamed to {@code payloadBase64}.
     */
    static String expected(MessageOrBuilder proto, List<io.roomcast.domain.message.Message> messages) {
        String json;
        try {
            json = PRINTER.print(proto);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        json = withoutHtmlEscapes(INT64_AS_STRING.matcher(json).replaceAll("\"$1\":$2"));
        int from = 0;
        for (io.roomcast.domain.message.Message m : messages) {
            if (m.payload().size() == 0) {
                continue;
            }
            String base64 = Base64.getEncoder().encodeToString(m.payload().bytes());
            String needle = "\"payload\":\"" + base64 + "\"";
            int at = json.indexOf(needle, from);
            assertThat(at).as("payload of %s in %s", m.id(), json).isNotNegative();
            String replacement = m.payload().isJson() ? "\"payload\":" + m.payload().text()
                    : "\"payloadBase64\":\"" + base64 + "\"";
            json = json.substring(0, at) + replacement + json.substring(at + needle.length());
            from = at + replacement.length();
        }
        return json;
    }

    /**
     * Reads the writer's output back with {@link JsonFormat#parser()}: each embedded JSON payload
     * (checked to be the message's payload as JSON) becomes base64 again and {@code payloadBase64}
     * becomes {@code payload}.
     */
    static <B extends Message.Builder> B parse(String written, List<io.roomcast.domain.message.Message> messages,
                                               String listField, B into) {
        JsonObject root = JsonParser.parseString(written).getAsJsonObject();
        if (listField == null) {
            restorePayload(root, messages.get(0));
        } else {
            JsonArray list = root.getAsJsonArray(listField);
            assertThat(list).hasSize(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                restorePayload(list.get(i).getAsJsonObject(), messages.get(i));
            }
        }
        try {
            JsonFormat.parser().merge(root.toString(), into);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("JsonFormat cannot read " + root, e);
        }
        return into;
    }

    private static void restorePayload(JsonObject o, io.roomcast.domain.message.Message m) {
        if (o.has("payload")) {
            JsonElement embedded = o.get("payload");
            assertThat(embedded).isEqualTo(JsonParser.parseString(m.payload().text()));
            o.add("payload", new JsonPrimitive(Base64.getEncoder().encodeToString(m.payload().bytes())));
        }
        if (o.has("payloadBase64")) {
            o.add("payload", o.remove("payloadBase64"));
        }
    }
}
