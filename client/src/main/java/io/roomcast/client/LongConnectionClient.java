package io.roomcast.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A long connection to roomcast: TLS, {@code Hello{token, roomId, cursor}}, heartbeats, and
 * automatic reconnects that resume from the last cursor, so a lost connection loses nothing.
 *
 * <pre>{@code
 * LongConnectionClient client = LongConnectionClient.builder()
 *         .endpoints(new EndpointClient(URI.create("https://roomcast.example")).fetch("r1", token))
 *         .tls(Tls.systemTrust())
 *         .token(token)
 *         .room("r1")
 *         .listener(new LongConnectionListener() {
 *             public void onBlock(Block block) { render(block.getEntriesList()); }
 *         })
 *         .build()
 *         .start();
 * }</pre>
 *
 * <p>Behaviour:
 * <ul>
 *   <li><b>Cursor</b>: the client keeps the cursor of the latest Welcome or block that carries one
 *       and sends it in the Hello of every reconnect; the server replays what was missed (latest
 *       states first) and never repeats what this cursor covers.</li>
 *   <li><b>Heartbeats</b>: a {@code Ping} after every {@code heartbeatMs} (from Welcome) without
 *       another frame sent; a server silent for 2.5 intervals is taken as dead and the client
 *       reconnects, to the next endpoint first. A server that accepts the connection but sends no
 *       Welcome within the connect timeout (a stopped process: its kernel still accepts) is given
 *       up the same way.</li>
 *   <li><b>Reconnects</b>: exponential backoff with jitter, trying the endpoints in turn; after
 *       {@code GoAway} it waits the server's {@code reconnectAfterMs} and goes to the endpoints the
 *       server named. {@code UNAUTHENTICATED}, {@code BAD_FRAME} and {@code INVALID_ARGUMENT} errors
 *       are not retried (the same Hello would fail again): the client closes.</li>
 * </ul>
 *
 * <p>Thread-safe. State changes run on one event loop of the group; listener callbacks too. Give
 * many clients one shared NIO {@link EventLoopGroup} ({@link Builder#eventLoopGroup}); without one a
 * client makes a single-thread group of its own and shuts it down on {@link #close()}.
 */
public final class LongConnectionClient implements AutoCloseable {
    private final LongConnection connection;

    private LongConnectionClient(Builder b) {
        boolean ownGroup = b.group == null;
        EventLoopGroup group = ownGroup
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("roomcast-client", true), NioIoHandler.newFactory())
                : b.group;
        this.connection = new LongConnection(group, ownGroup,
                new ClientConnector(b.tls, (int) b.connectTimeout.toMillis(), b.maxFrameBytes),
                new Backoff(b.backoffInitial, b.backoffMax), b.endpoints, b.token, b.room, b.cursor, b.acks,
                b.listener);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the first connection (asynchronously); returns this. */
    public LongConnectionClient start() {
        connection.start();
        return this;
    }

    /** Completes with the first Welcome; fails if the client closes before one arrives. */
    public CompletableFuture<Welcome> firstWelcome() {
        return connection.firstWelcome();
    }

    /** The cursor a reconnect resumes from: the latest one the server gave, or the one configured. */
    public String lastCursor() {
        return connection.lastCursor();
    }

    /** The current session's id (from Welcome), or null before the first. */
    public String sessionId() {
        return connection.sessionId();
    }

    /** The room this client watches (or will, after a reconnect), or null after {@link #leave}. */
    public String room() {
        return connection.room();
    }

    /** True while a session is open (Welcome received, connection up). */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Switches to another room: the server sends its states and then its live blocks. */
    public void join(String roomId) {
        connection.join(roomId);
    }

    /** Leaves the room; the connection stays open, receiving nothing, until {@link #join}. A reconnect re-enters no room. */
    public void leave(String roomId) {
        connection.leave(roomId);
    }

    /** Stops reading from the socket (the application's own backpressure); the server will hold, merge, then drop. */
    public void pauseReading() {
        connection.pauseReading();
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        connection.resumeReading();
    }

    /**
     * Drops the connection abruptly (a TCP reset, as a network failure would), keeping the session
     * state: the client reconnects with backoff and resumes from its cursor.
     */
    public void dropConnection() {
        connection.dropConnection();
    }

    /** Closes the connection for good; no more reconnects. Shuts down the client's own event loop group, if it made one. */
    @Override
    public void close() {
        connection.close();
    }

    /** Builds a {@link LongConnectionClient}; endpoints, a token and a room are required. */
    public static final class Builder {
        private final List<Endpoint> endpoints = new ArrayList<>();
        private Tls tls;
        private Supplier<String> token;
        private String room;
        private String cursor;
        private LongConnectionListener listener = new LongConnectionListener() {
        };
        private EventLoopGroup group;
        private Duration backoffInitial = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean acks;
        private int maxFrameBytes = 16 * 1024 * 1024;

        private Builder() {
        }

        /** One endpoint to connect to. */
        public Builder endpoint(String host, int port) {
            endpoints.add(new Endpoint(host, port));
            return this;
        }

        /** Endpoints as {@code host:port}, tried in turn. */
        public Builder endpoints(List<String> hostPorts) {
            hostPorts.forEach(e -> endpoints.add(Endpoint.parse(e)));
            return this;
        }

        /** The endpoints of a {@code GET /api/v1/endpoint} answer (see {@link EndpointClient}). */
        public Builder endpoints(EndpointResponse response) {
            return endpoints(response.getTcpList());
        }

        /** Required: how to secure the connection ({@link Tls#systemTrust()} for a server with a real certificate). */
        public Builder tls(Tls value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        public Builder token(String value) {
            Objects.requireNonNull(value, "token");
            this.token = () -> value;
            return this;
        }

        /** A token source asked at every (re)connect, so a refreshed token is used. */
        public Builder token(Supplier<String> value) {
            this.token = Objects.requireNonNull(value, "token");
            return this;
        }

        public Builder room(String value) {
            this.room = Objects.requireNonNull(value, "room");
            return this;
        }

        /** Resume from this cursor (from an earlier session or a poll); default: start from now. */
        public Builder cursor(String value) {
            this.cursor = value;
            return this;
        }

        public Builder listener(LongConnectionListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** A shared NIO group (e.g. {@code new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory())}); not shut down by the client. */
        public Builder eventLoopGroup(EventLoopGroup value) {
            this.group = Objects.requireNonNull(value, "group");
            return this;
        }

        /** Reconnect backoff: first delay about {@code initial}, doubling up to {@code max}, jittered. Default 200 ms to 30 s. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = Objects.requireNonNull(initial, "initial");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /**
         * Acknowledge blocks once the listener has taken them ({@code Hello.acks}); default off. The
         * server then holds, and merges by priority, what a listener that falls behind by more than
         * its ack lag (500 ms by default) has not read, instead of the socket buffers keeping
         * seconds of old blocks: a slow renderer gets fewer, fresher blocks. CRITICAL is never
         * dropped; what is merged away arrives as skipped counts.
         */
        public Builder acks(boolean value) {
            this.acks = value;
            return this;
        }

        /** Largest server frame accepted; default 16 MiB. */
        public Builder maxFrameBytes(int value) {
            if (value < 64) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 64");
            }
            this.maxFrameBytes = value;
            return this;
        }

        public LongConnectionClient build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("no endpoint: give endpoint(host, port) or endpoints(...)");
            }
            if (tls == null) {
                throw new IllegalStateException("no TLS choice: give tls(Tls.systemTrust()), tls(Tls.trust(cert)), ...");
            }
            if (token == null) {
                throw new IllegalStateException("no token: give token(...)");
            }
            if (room == null) {
                throw new IllegalStateException("no room: give room(...)");
            }
            new Backoff(backoffInitial, backoffMax);
            return new LongConnectionClient(this);
        }
    }
}
