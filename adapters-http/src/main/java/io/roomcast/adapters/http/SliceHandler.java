package io.roomcast.adapters.http;

import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.json.JsonMessages;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code GET /api/v1/rooms/{roomId}/slices} (the head) and {@code GET
 * /api/v1/rooms/{roomId}/slices/{n}} (one slice): a room's guest feed in answers an HTTP cache
 * may keep. A closed slice is {@code public, immutable} with a strong {@code ETag} ({@code 304} to
 * {@code If-None-Match}); the head may be kept about a second; an open slice is {@code 404
 * SLICE_OPEN} and never stored, with {@code Retry-After}; a slice retention has cut is {@code 410
 * SLICE_GONE}. Every answer varies by {@code Accept} (JSON or protobuf). {@code Authorization} is
 * not looked at: slices are the guest feed. Each request counts in {@code roomcast_polls_total{viewer="slice"}}.
 * Kept answers go out from the IO thread; reads move to a worker. Thread-safe.
 */
final class SliceHandler implements HttpHandler {
    static final String SLICES = "/slices";
    static final String HEAD_CACHE = "public, max-age=1, stale-while-revalidate=1";
    static final String CLOSED_CACHE = "public, max-age=31536000, immutable";
    static final String GONE_CACHE = "public, max-age=60";

    private final ReadSliceUseCase slices;
    private final Clock clock;
    private final SliceAnswers answers;
    private final HttpMetrics metrics;

    SliceHandler(ReadSliceUseCase slices, Clock clock, SliceAnswers answers, HttpMetrics metrics) {
        this.slices = slices;
        this.clock = clock;
        this.answers = answers;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!slices.enabled()) {
            throw HttpProblem.off("slices are off on this node (poll.slice.ms=0); poll /messages instead");
        }
        metrics.slicePolled();
        String path = exchange.getRelativePath();
        RoomId room = RoomId.of(Router.roomIdOf(path));
        int at = path.indexOf(SLICES, Router.ROOMS.length()) + SLICES.length();
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        exchange.getResponseHeaders().add(Headers.VARY, "Accept");
        if (at == path.length()) {
            SliceAnswers.Encoded head = answers.head(room, clock.millis());
            if (head != null) {
                send(exchange, 200, head, asProtobuf, HEAD_CACHE);
                return;
            }
            exchange.dispatch(() -> PollHandler.onWorker(exchange, () -> {
                long readAt = clock.millis();
                send(exchange, 200, answers.keep(slices.head(room), readAt), asProtobuf, HEAD_CACHE);
            }));
            return;
        }
        long n = number(path.substring(at + 1));
        SliceAnswers.SliceKey key = new SliceAnswers.SliceKey(room, n);
        SliceAnswers.Encoded kept = answers.slice(key);
        if (kept != null) {
            closed(exchange, kept, asProtobuf);
            return;
        }
        exchange.dispatch(() -> PollHandler.onWorker(exchange, () -> {
            ReadSliceUseCase.Answer answer = slices.slice(room, n);
            if (answer instanceof ReadSliceUseCase.Closed c) {
                closed(exchange, answers.keep(key, c, slices.newestClosed()), asProtobuf);
            } else if (answer instanceof ReadSliceUseCase.Open open) {
                long wait = open.closesAtMillis() - clock.millis();
                long seconds = Math.max(1, Math.min(86_400, wait / 1_000 + 1));
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
                error(exchange, 404, "SLICE_OPEN", "slice " + n + " of room " + room.value()
                        + " is not closed yet; ask again in " + seconds + " s", Responses.NO_STORE);
            } else {
                error(exchange, 410, "SLICE_GONE", "slice " + n + " of room " + room.value()
                        + " is older than what retention keeps; start again from the head", GONE_CACHE);
            }
        }));
    }

    private static void closed(HttpServerExchange exchange, SliceAnswers.Encoded encoded, boolean asProtobuf) {
        String tag = encoded.tag(asProtobuf);
        exchange.getResponseHeaders().put(Headers.ETAG, tag);
        if (SliceAnswers.matches(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH), tag)) {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CLOSED_CACHE);
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        send(exchange, 200, encoded, asProtobuf, CLOSED_CACHE);
    }

    private static void send(HttpServerExchange exchange, int status, SliceAnswers.Encoded encoded, boolean asProtobuf,
                             String cacheControl) {
        exchange.setStatusCode(status);
        Responses.send(exchange, asProtobuf ? Responses.PROTOBUF : Responses.JSON, encoded.bytes(asProtobuf), cacheControl);
    }

    private static void error(HttpServerExchange exchange, int status, String code, String message, String cacheControl) {
        exchange.setStatusCode(status);
        Responses.send(exchange, Responses.JSON, new JsonMessages(256).error(code, message).toByteArray(), cacheControl);
    }

    /** A slice number: a whole number of at most 18 digits (the slices of any date this era). */
    static long number(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw RoomcastException.invalid("slice", "must be a whole number of 1-18 digits, got '" + Errors.shorten(text) + "'");
        }
        return Long.parseLong(text);
    }
}
