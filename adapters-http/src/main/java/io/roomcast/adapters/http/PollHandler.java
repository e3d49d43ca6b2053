package io.roomcast.adapters.http;

import io.roomcast.application.port.in.MarkPollerPresentUseCase;
import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.PollingPolicy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;

/**
 * {@code GET /api/v1/rooms/{roomId}/messages?cursor=&limit=&viewer=}: a short poll. A guest whose
 * answer is still kept ({@link PollAnswers}) is answered on the IO thread; everything else moves
 * to a worker thread (the use case may read the store, a token is verified there).
 *
 * <p>A guest polls without {@code Authorization}; {@code Authorization: Bearer <user token>}
 * adds that user's unicast messages, and a token that does not verify is 401, never a silent
 * guest. {@code viewer} (1-64 of {@code [A-Za-z0-9_.-]}) counts a guest in the room's online
 * figure, also when its answer was kept; a signed-in viewer counts as their user id. An empty
 * {@code cursor} is the same as none. Bad input fails before any dispatch, as the use case would.
 *
 * <p>The hot path: a guest asking what another guest asked within {@code poll.cache.ms} gets the
 * bytes already encoded for that one, with one map lookup. Thread-safe.
 */
final class PollHandler implements HttpHandler {
    /** How often one connection tells the room directory that its guest viewer is still there. */
    static final long PRESENCE_EVERY_MILLIS = 100;
    private static final AttachmentKey<Presence> PRESENCE = AttachmentKey.create(Presence.class);

    private final PollRoomUseCase poll;
    private final MarkPollerPresentUseCase presence;
    private final UserTokens tokens;
    private final PollingPolicy polling;
    private final Clock clock;
    private final PollAnswers answers;
    private final HttpMetrics metrics;

    PollHandler(PollRoomUseCase poll, MarkPollerPresentUseCase presence, UserTokens tokens, PollingPolicy polling,
                Clock clock, PollAnswers answers, HttpMetrics metrics) {
        this.poll = poll;
        this.presence = presence;
        this.tokens = tokens;
        this.polling = polling;
        this.clock = clock;
        this.answers = answers;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // A guest's kept answer is sent from the IO thread; anything else may block.
            try {
                if (Credentials.bearer(exchange) == null) {
                    guest(exchange);
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

    /** On the IO thread: a kept answer, or the question checked and handed to a worker. */
    private void guest(HttpServerExchange exchange) {
        RoomId room = RoomId.of(Router.roomIdOf(exchange.getRelativePath()));
        String cursor = cursor(exchange);
        Integer asked = limit(Responses.query(exchange, "limit"));
        String viewer = viewer(Responses.query(exchange, "viewer"));
        PollAnswers.Key key = new PollAnswers.Key(room, cursor == null ? "" : cursor, polling.limit(asked));
        long now = clock.millis();
        PollAnswers.Guest kept = answers.kept(key, now);
        if (kept != null) {
            if (viewer != null) {
                markPresent(exchange, room, viewer, now);
            }
            answer(exchange, kept);
            return;
        }
        // Only a cursor that parsed is ever kept: a hit needs no check, a miss fails here, before the dispatch.
        if (cursor != null) {
            Cursor.parse(cursor);
        }
        // A miss: the same question, read on a worker thread, parsed once; kept from the moment it is read.
        PollQuery query = new PollQuery(room, null, cursor, asked, viewer);
        exchange.dispatch(() -> onWorker(exchange, () -> {
            long readAt = clock.millis();
            answer(exchange, answers.keep(key, poll.poll(query), readAt));
        }));
    }

    /**
     * Counts {@code viewer} in {@code room}, unless this connection did so for the same viewer and
     * room less than {@link #PRESENCE_EVERY_MILLIS} ago: a guest polling flat out on one connection
     * then costs the room directory nothing between two writes. A connection answers one request at
     * a time (HTTP/1.1), so its note needs no lock.
     */
    private void markPresent(HttpServerExchange exchange, RoomId room, String viewer, long now) {
        ServerConnection connection = exchange.getConnection();
        Presence last = connection.getAttachment(PRESENCE);
        if (last != null && now - last.at < PRESENCE_EVERY_MILLIS && now >= last.at && last.viewer.equals(viewer)
                && last.room.equals(room)) {
            return;
        }
        presence.markPresent(room, viewer);
        if (last == null) {
            last = new Presence();
            connection.putAttachment(PRESENCE, last);
        }
        last.room = room;
        last.viewer = viewer;
        last.at = now;
    }

    /** The room and viewer a connection last counted, and when. */
    private static final class Presence {
        private RoomId room;
        private String viewer;
        private long at;
    }

    /** Runs {@code work}, answering what it throws as an error (on a worker thread: nothing else would). */
    static void onWorker(HttpServerExchange exchange, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            Errors.send(exchange, e);
        }
    }

    private static PollQuery query(HttpServerExchange exchange, UserId user) {
        RoomId room = RoomId.of(Router.roomIdOf(exchange.getRelativePath()));
        String cursor = cursor(exchange);
        Integer limit = limit(Responses.query(exchange, "limit"));
        String viewer = user != null ? user.value() : viewer(Responses.query(exchange, "viewer"));
        return new PollQuery(room, user, cursor, limit, viewer);
    }

    /** The {@code cursor} parameter; empty is none (null). */
    private static String cursor(HttpServerExchange exchange) {
        String cursor = Responses.query(exchange, "cursor");
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }

    /** A guest's kept answer: its bytes are shared with every guest asking the same. */
    private void answer(HttpServerExchange exchange, PollAnswers.Guest guest) {
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        byte[] body = guest.bytes(asProtobuf);
        metrics.polled(guest.result(), false);
        send(exchange, asProtobuf, body);
    }

    /** An answer nobody else gets: encoded for this request only. */
    private void answer(HttpServerExchange exchange, PollResult result, boolean signedIn) {
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        byte[] body = PollAnswers.encode(result, asProtobuf);
        metrics.polled(result, signedIn);
        send(exchange, asProtobuf, body);
    }

    private static void send(HttpServerExchange exchange, boolean asProtobuf, byte[] body) {
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
