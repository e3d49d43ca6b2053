package io.roomcast.adapters.http;

import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * {@code GET /api/v1/rooms/{roomId}/messages?cursor=&limit=&viewer=}: a short poll. A guest whose
 * answer is still cached is answered on the IO thread; everything else moves to a worker thread
 * (the use case may read the store, a token is verified there).
 *
 * <p>A guest polls without {@code Authorization}; {@code Authorization: Bearer <user token>}
 * adds that user's unicast messages, and a token that does not verify is 401, never a silent
 * guest. {@code viewer} (1-64 of {@code [A-Za-z0-9_.-]}) counts a guest in the room's online
 * figure; a signed-in viewer counts as their user id. An empty {@code cursor} is the same as none.
 *
 * <p>The hot path: a guest's answer is usually a cached {@link PollResult} shared with every
 * guest asking the same; its encoded bytes are shared too ({@link PollAnswers}). Thread-safe.
 */
final class PollHandler implements HttpHandler {
    private final PollRoomUseCase poll;
    private final UserTokens tokens;
    private final PollAnswers answers;
    private final HttpMetrics metrics;

    PollHandler(PollRoomUseCase poll, UserTokens tokens, PollAnswers answers, HttpMetrics metrics) {
        this.poll = poll;
        this.tokens = tokens;
        this.answers = answers;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // A guest's answer still cached is sent from the IO thread; anything else may block.
            try {
                if (Credentials.bearer(exchange) == null) {
                    PollQuery query = query(exchange, null);
                    Optional<PollResult> cached = poll.pollFromMemory(query);
                    if (cached.isPresent()) {
                        answer(exchange, cached.get(), false);
                    } else {
                        // A miss: the same query, read on a worker thread, parsed once.
                        exchange.dispatch(() -> onWorker(exchange, () -> answer(exchange, poll.poll(query), false)));
                    }
                    return;
                }
            } catch (RuntimeException e) {
                Errors.send(exchange, e);
                return;
            }
            exchange.dispatch(this);
            return;
        }
        onWorker(exchange, () -> {
            UserId user = user(tokens, exchange);
            answer(exchange, poll.poll(query(exchange, user)), user != null);
        });
    }

    private static void onWorker(HttpServerExchange exchange, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            Errors.send(exchange, e);
        }
    }

    private static PollQuery query(HttpServerExchange exchange, UserId user) {
        RoomId room = RoomId.of(Router.roomIdOf(exchange.getRelativePath()));
        String cursor = Responses.query(exchange, "cursor");
        Integer limit = limit(Responses.query(exchange, "limit"));
        String viewer = user != null ? user.value() : viewer(Responses.query(exchange, "viewer"));
        return new PollQuery(room, user, cursor == null || cursor.isEmpty() ? null : cursor, limit, viewer);
    }

    private void answer(HttpServerExchange exchange, PollResult result, boolean signedIn) {
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        byte[] body = answers.encode(result, asProtobuf, !signedIn);
        metrics.polled(result, signedIn);
        exchange.setStatusCode(200);
        Responses.send(exchange, asProtobuf ? Responses.PROTOBUF : Responses.JSON, body);
    }

    /** The signed-in user, or null for a guest; a bad token is UNAUTHENTICATED. */
    static UserId user(UserTokens tokens, HttpServerExchange exchange) {
        String token = Credentials.bearer(exchange);
        if (token == null) {
            return null;
        }
        return RoomcastException.required(tokens.verify(token), "token subject");
    }

    static Integer limit(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (text.length() == start || text.length() - start > 9) {
            throw RoomcastException.invalid("limit", "must be a whole number, got '" + Errors.shorten(text) + "'");
        }
        int value = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw RoomcastException.invalid("limit", "must be a whole number, got '" + Errors.shorten(text) + "'");
            }
            value = value * 10 + (c - '0');
        }
        return start == 1 ? -value : value;
    }

    static String viewer(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 64) {
            throw RoomcastException.invalid("viewer", "must be 1-64 characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                throw RoomcastException.invalid("viewer", "may hold only letters, digits, '_', '.' and '-'");
            }
        }
        return text;
    }
}
