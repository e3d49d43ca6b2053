package io.roomcast.client;

import io.roomcast.protocol.v1.PollResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Short polling: {@code GET /api/v1/rooms/{roomId}/messages?cursor=&limit=}, asking for
 * {@code application/x-protobuf} (the exact {@link PollResponse}, payload bytes untouched),
 * keeping the cursor of each answer and polling again after the answer's {@code pollAfterMs}
 * (at once when it says {@code more}). A user token adds that user's unicast messages.
 *
 * <p>A guest (no token, no start cursor, no limit of its own) asks the node for the room's slices
 * first ({@code GET /api/v1/rooms/{roomId}/slices}): when the node offers them it follows them
 * (answers an HTTP cache can share; see {@link SlicePolling}) and each turn is told to the
 * listener as a {@link PollResponse} without a cursor; when the head is {@code 404} (slices off,
 * or an older node) it polls by cursor as above, for good. {@link Builder#slices(boolean)}
 * {@code false} always polls by cursor.
 *
 * <p>{@link #pollOnce()} polls now, on the caller's thread; {@link #start()} polls in a loop on a
 * daemon thread of its own, reporting to the {@link PollingListener}, retrying failures with
 * backoff (honouring {@code Retry-After}), starting afresh after a {@code 400} (a cursor the
 * server no longer accepts) and stopping after {@code 401}/{@code 403}. Thread-safe.
 */
public final class PollingClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How this client polls: not decided yet (a guest asks for the head first), slices, or cursor. */
    private enum Mode { ASK, SLICES, CURSOR }

    private final URI base;
    private final String roomId;
    private final Supplier<String> token;
    private final Integer limit;
    private final HttpClient http;
    private final PollingListener listener;
    private final Backoff backoff;
    private volatile String cursor;
    private final SlicePolling slices;
    private volatile Mode mode;
    private volatile ScheduledExecutorService loop;
    private volatile boolean closed;
    private int failures;
    /** A Retry-After of the last 429/503 answer in milliseconds, or -1. */
    private volatile long retryAfter = -1;

    private PollingClient(Builder b) {
        this.base = b.base;
        this.roomId = b.roomId;
        this.token = b.token;
        this.limit = b.limit;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.listener = b.listener;
        this.backoff = new Backoff(b.backoffInitial, b.backoffMax);
        this.cursor = b.cursor;
        this.slices = new SlicePolling(b.roomId);
        this.mode = b.slices && b.token == null && b.cursor == null && b.limit == null ? Mode.ASK : Mode.CURSOR;
    }

    /** @param base the HTTP API's root, e.g. {@code http://localhost:8080} */
    public static Builder builder(URI base, String roomId) {
        return new Builder(base, roomId);
    }

    /** The cursor the next poll sends (null: the newest messages). */
    public String cursor() {
        return cursor;
    }

    /** True while this client follows the room's slices (a guest, and the node offers them). */
    public boolean pollsSlices() {
        return mode == Mode.SLICES;
    }

    /** The next slice this client fetches when it {@link #pollsSlices()}, else -1. */
    public long nextSlice() {
        return mode == Mode.SLICES ? slices.next() : -1;
    }

    /**
     * Polls once now: one turn of slices (the head and the slices after the last one fetched), or
     * one poll by cursor, keeping the answer's cursor. When a client that followed slices finds
     * them gone (the head is {@code 404}), it polls by cursor afresh and that answer says
     * {@code reset}.
     *
     * @throws RoomcastHttpException for an answer other than 200 (and other than the
     *     {@code 404}/{@code 410} of slices, which a turn handles)
     */
    public PollResponse pollOnce() throws IOException, InterruptedException {
        synchronized (slices) { // one poll at a time: each moves the cursor or the next slice
            return mode == Mode.CURSOR ? pollByCursor() : turnOfSlices();
        }
    }

    private PollResponse turnOfSlices() throws IOException, InterruptedException {
        PollResponse turn = slices.turn(this::get);
        if (turn != null) {
            mode = Mode.SLICES;
            return turn;
        }
        boolean wasSlicing = mode == Mode.SLICES;
        mode = Mode.CURSOR;
        cursor = null;
        PollResponse first = pollByCursor();
        return wasSlicing ? first.toBuilder().setReset(true).build() : first;
    }

    private PollResponse pollByCursor() throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/api/v1/rooms/")
                .append(URLEncoder.encode(roomId, StandardCharsets.UTF_8)).append("/messages");
        char sep = '?';
        String from = cursor;
        if (from != null) {
            path.append(sep).append("cursor=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (limit != null) {
            path.append(sep).append("limit=").append(limit);
        }
        PollResponse answer = PollResponse.parseFrom(get(path.toString()));
        if (!answer.getCursor().isEmpty()) {
            cursor = answer.getCursor();
        }
        return answer;
    }

    /** GET {@code path} as protobuf, with the token when there is one; the body of a 200 answer. */
    private byte[] get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", HttpAnswers.PROTOBUF)
                .GET();
        String bearer = token == null ? null : token.get();
        if (bearer != null && !bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            RoomcastHttpException error = HttpAnswers.error(response);
            if (response.statusCode() == 429 || response.statusCode() == 503) {
                retryAfter = HttpAnswers.retryAfterMillis(response);
            }
            throw error;
        }
        if (!HttpAnswers.contentType(response).startsWith(HttpAnswers.PROTOBUF)) {
            throw new IOException("asked for " + HttpAnswers.PROTOBUF + " but the server answered '"
                    + HttpAnswers.contentType(response) + "'");
        }
        return response.body();
    }

    /** When to poll after this answer: at once when more is waiting, else the server's pollAfterMs. */
    static long nextDelayMillis(PollResponse response) {
        return response.getMore() ? 0 : response.getPollAfterMs();
    }

    /** Polls in a loop on a daemon thread until {@link #close()}; returns this. */
    public synchronized PollingClient start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roomcast-poll-" + roomId);
            t.setDaemon(true);
            return t;
        });
        loop.execute(this::cycle);
        return this;
    }

    private void cycle() {
        if (closed) {
            return;
        }
        long delay;
        try {
            PollResponse answer = pollOnce();
            failures = 0;
            listener.onPoll(answer);
            delay = nextDelayMillis(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            listener.onError(e);
            if (e instanceof RoomcastHttpException http) {
                if (http.status() == 401 || http.status() == 403) {
                    close();
                    return;
                }
                if (http.status() == 400) {
                    cursor = null;
                    slices.restart();
                }
            }
            long wait = retryAfter;
            retryAfter = -1;
            delay = wait >= 0 ? wait : backoff.delayMillis(failures++);
        }
        ScheduledExecutorService current = loop;
        if (!closed && current != null) {
            current.schedule(this::cycle, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** True once the loop stopped: {@link #close()}, or a 401/403 answer (not worth retrying). */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the polling loop (a poll in flight is interrupted). */
    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService current = loop;
        if (current != null) {
            current.shutdownNow();
        }
    }

    /** Builds a {@link PollingClient}. */
    public static final class Builder {
        private final URI base;
        private final String roomId;
        private Supplier<String> token;
        private String cursor;
        private Integer limit;
        private HttpClient http;
        private PollingListener listener = new PollingListener() {
        };
        private Duration backoffInitial = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private boolean slices = true;

        private Builder(URI base, String roomId) {
            this.base = Objects.requireNonNull(base, "base");
            this.roomId = Objects.requireNonNull(roomId, "roomId");
        }

        /** A user token: adds that user's unicast messages. Default: a guest. */
        public Builder token(String value) {
            Objects.requireNonNull(value, "token");
            this.token = () -> value;
            return this;
        }

        /** A token source asked at every poll. */
        public Builder token(Supplier<String> value) {
            this.token = Objects.requireNonNull(value, "token");
            return this;
        }

        /**
         * Start after this cursor; default: the newest messages. {@code "0"}: from the oldest
         * retained. A start cursor means polling by cursor.
         */
        public Builder cursor(String value) {
            this.cursor = value;
            return this;
        }

        /** Messages per poll; default: the server's. A limit of its own means polling by cursor (slices hold the server's). */
        public Builder limit(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("limit must be at least 1");
            }
            this.limit = value;
            return this;
        }

        public Builder httpClient(HttpClient value) {
            this.http = Objects.requireNonNull(value, "http");
            return this;
        }

        public Builder listener(PollingListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Retry backoff after failures: about {@code initial}, doubling up to {@code max}, jittered. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = Objects.requireNonNull(initial, "initial");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Whether a guest follows the room's slices when the node offers them (default true);
         * false: always poll by cursor. Signed-in clients always poll by cursor.
         */
        public Builder slices(boolean value) {
            this.slices = value;
            return this;
        }

        public PollingClient build() {
            return new PollingClient(this);
        }
    }
}
