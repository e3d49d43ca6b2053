package io.roomcast.adapters.http;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.roomcast.domain.error.RoomcastException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body as one strict JSON value: valid UTF-8, no comments, single quotes or trailing
 * data, at most {@value #MAX_DEPTH} levels deep. Anything else is {@code INVALID_ARGUMENT} under
 * {@code body}, e.g. {@code body: malformed JSON: ...}. Stateless and thread-safe.
 */
final class StrictJson {
    static final int MAX_DEPTH = 64;

    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private StrictJson() {
    }

    /** The one JSON value of {@code body}. */
    static JsonElement read(byte[] body) {
        return parse(text(body));
    }

    /** {@code body} as text: valid UTF-8, nested at most {@value #MAX_DEPTH} levels (not yet known to be JSON). */
    static String text(byte[] body) {
        String text = utf8(body);
        checkDepth(text);
        return text;
    }

    /** The one strict JSON value of {@code text} (from {@link #text}) and nothing after it. */
    static JsonElement parse(String text) {
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

    /**
     * The JSON value at {@code reader}'s position as compact text, as {@link #parse} and then
     * {@code toString()} would give it (numbers as written, a name given twice in an object kept once, the last value).
     */
    static String compact(JsonReader reader) throws IOException {
        return ELEMENTS.read(reader).toString();
    }

    private static String utf8(byte[] body) {
        // The JDK's decoder puts U+FFFD for what is not UTF-8: none in its answer, the body was valid
        // (the usual case, decoded on the String constructor's fast path); else the strict decoder decides
        // (a body may hold U+FFFD itself).
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
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
}
