package io.roomcast.adapters.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Writing answers and reading the format a client wants. Stateless and thread-safe. */
final class Responses {
    static final String JSON = "application/json";
    static final String PROTOBUF = "application/x-protobuf";
    static final String NO_STORE = "no-store";
    private static final byte[] NEWLINE = {'\n'};
    /**
     * {@code Content-Length} values of answers up to 4 KiB, each written on first use and kept (two
     * threads may both write one: the same text): most polls are answered with one of these.
     */
    private static final String[] LENGTHS = new String[4_097];

    private Responses() {
    }

    /**
     * Sends {@code body} as the whole answer with the status already set; the exchange ends when it
     * is written. A JSON answer ends with a newline (written after the body, not copied into it), so
     * {@code curl} output and logs of answers end their lines.
     */
    static void send(HttpServerExchange exchange, String contentType, byte[] body) {
        send(exchange, contentType, body, NO_STORE);
    }

    /** As {@link #send(HttpServerExchange, String, byte[])}, with the answer's {@code Cache-Control}. */
    static void send(HttpServerExchange exchange, String contentType, byte[] body, String cacheControl) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, contentType);
        headers.put(Headers.CACHE_CONTROL, cacheControl);
        if (JSON.equals(contentType)) {
            headers.put(Headers.CONTENT_LENGTH, length(body.length + 1));
            exchange.getResponseSender().send(new ByteBuffer[] {ByteBuffer.wrap(body), ByteBuffer.wrap(NEWLINE)});
        } else {
            headers.put(Headers.CONTENT_LENGTH, length(body.length));
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }

    /** {@code length} as a header value, without a new string for the short ones. */
    static String length(int length) {
        if (length < 0 || length >= LENGTHS.length) {
            return Integer.toString(length);
        }
        String text = LENGTHS[length];
        if (text == null) {
            text = Integer.toString(length);
            LENGTHS[length] = text;
        }
        return text;
    }

    /** True when the {@code Accept} header names {@code application/x-protobuf}. */
    static boolean wantsProtobuf(HttpServerExchange exchange) {
        HeaderValues accept = exchange.getRequestHeaders().get(Headers.ACCEPT);
        if (accept == null) {
            return false;
        }
        for (int i = 0, n = accept.size(); i < n; i++) {
            if (containsIgnoreCase(accept.get(i), PROTOBUF)) {
                return true;
            }
        }
        return false;
    }

    static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0, last = text.length() - part.length(); i <= last; i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    /** The first value of query parameter {@code name}, or null. */
    static String query(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }
}
