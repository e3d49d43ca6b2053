package io.roomcast.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 *       reconnects.</li>
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
    /** Errors after which the same Hello would fail again. */
    private static final Set<String> TERMINAL = Set.of("UNAUTHENTICATED", "BAD_FRAME", "INVALID_ARGUMENT");

    private final Tls tls;
    private final Supplier<String> token;
    private final LongConnectionListener listener;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop loop;
    private final Backoff backoff;
    private final int connectTimeoutMillis;
    private final int maxFrameBytes;
    private final CompletableFuture<Welcome> firstWelcome = new CompletableFuture<>();

    private volatile List<Endpoint> endpoints;
    private volatile String room;
    private volatile String cursor;
    private volatile String sessionId;
    private volatile Channel channel;
    private volatile boolean welcomed;
    private volatile boolean closed;
    private boolean finished;
    private volatile boolean started;
    private volatile boolean reading = true;
    private int endpointIndex;
    private int attempt;
    private GoAway goAway;
    private ScheduledFuture<?> reconnectTimer;

    private LongConnectionClient(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.tls = b.tls;
        this.token = b.token;
        this.room = b.room;
        this.cursor = b.cursor;
        this.listener = b.listener;
        this.ownGroup = b.group == null;
        this.group = ownGroup
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("roomcast-client", true), NioIoHandler.newFactory())
                : b.group;
        this.loop = group.next();
        this.backoff = new Backoff(b.backoffInitial, b.backoffMax);
        this.connectTimeoutMillis = (int) b.connectTimeout.toMillis();
        this.maxFrameBytes = b.maxFrameBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the first connection (asynchronously); returns this. */
    public LongConnectionClient start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        onLoop(this::connect);
        return this;
    }

    /** Completes with the first Welcome; fails if the client closes before one arrives. */
    public CompletableFuture<Welcome> firstWelcome() {
        return firstWelcome;
    }

    /** The cursor a reconnect resumes from: the latest one the server gave, or the one configured. */
    public String lastCursor() {
        return cursor;
    }

    /** The current session's id (from Welcome), or null before the first. */
    public String sessionId() {
        return sessionId;
    }

    /** The room this client watches (or will, after a reconnect), or null after {@link #leave}. */
    public String room() {
        return room;
    }

    /** True while a session is open (Welcome received, connection up). */
    public boolean isConnected() {
        return welcomed && channel != null && channel.isActive();
    }

    /** Switches to another room: the server sends its states and then its live blocks. */
    public void join(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        onLoop(() -> {
            room = roomId;
            Channel c = channel;
            if (c != null && welcomed) {
                c.writeAndFlush(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId(roomId)).build());
            } else if (c == null && reconnectTimer == null && !closed && started) {
                connect();
            }
        });
    }

    /** Leaves the room; the connection stays open, receiving nothing, until {@link #join}. A reconnect re-enters no room. */
    public void leave(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        onLoop(() -> {
            if (!roomId.equals(room)) {
                return;
            }
            room = null;
            Channel c = channel;
            if (c != null && welcomed) {
                c.writeAndFlush(ClientFrame.newBuilder().setLeave(Leave.newBuilder().setRoomId(roomId)).build());
            }
        });
    }

    /** Stops reading from the socket (the application's own backpressure); the server will hold, merge, then drop. */
    public void pauseReading() {
        onLoop(() -> {
            reading = false;
            Channel c = channel;
            if (c != null) {
                c.config().setAutoRead(false);
            }
        });
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        onLoop(() -> {
            reading = true;
            Channel c = channel;
            if (c != null) {
                c.config().setAutoRead(true);
                c.read();
            }
        });
    }

    /**
     * Drops the connection abruptly (a TCP reset, as a network failure would), keeping the session
     * state: the client reconnects with backoff and resumes from its cursor.
     */
    public void dropConnection() {
        onLoop(() -> {
            Channel c = channel;
            if (c != null) {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
                c.close();
            }
        });
    }

    /** Closes the connection for good; no more reconnects. Shuts down the client's own event loop group, if it made one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.execute(this::stopForGood);
        } catch (RejectedExecutionException e) {
            finish();
        }
    }

    /**
     * On the loop, with {@code closed} set: closes the connection, and {@code onClosed} comes after
     * its {@code onDisconnected} (from channelInactive, or from the connect listener when the
     * connection was still being made), so it is always the listener's last call.
     */
    private void stopForGood() {
        cancelReconnect();
        Channel c = channel;
        if (c == null) {
            finish();
        } else {
            c.close();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        firstWelcome.completeExceptionally(new IllegalStateException("client closed before a Welcome"));
        listener.onClosed();
        if (ownGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The group is shutting down: the client is closed.
        }
    }

    private void connect() {
        reconnectTimer = null;
        if (closed || channel != null || room == null) {
            return;
        }
        List<Endpoint> targets = endpoints;
        Endpoint target = targets.get(Math.floorMod(endpointIndex, targets.size()));
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls.context() != null) {
                            p.addLast("tls", tls.context().newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        p.addLast("frame-decoder", new BoundedVarint32FrameDecoder(maxFrameBytes));
                        p.addLast("server-frame", new ProtobufDecoder(ServerFrame.getDefaultInstance()));
                        p.addLast("frame-prefix", new ProtobufVarint32LengthFieldPrepender());
                        p.addLast("frame-encoder", new ProtobufEncoder());
                        p.addLast("session", new ClientHandler(LongConnectionClient.this));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(target.host(), target.port());
        Channel c = connecting.channel();
        channel = c;
        if (!reading) {
            c.config().setAutoRead(false);
        }
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                endpointIndex++;
                // channelInactive will not follow a failed connect on every transport: reconnect from here.
                if (channel == c) {
                    channel = null;
                    listener.onDisconnected(f.cause());
                    if (closed) {
                        finish();
                    } else {
                        scheduleReconnect(backoff.delayMillis(attempt++));
                    }
                }
            }
        });
    }

    /** The TCP (and TLS) connection is up: open the session. */
    void connected(Channel c) {
        if (c != channel) {
            return;
        }
        Hello.Builder hello = Hello.newBuilder().setToken(Objects.requireNonNullElse(token.get(), "")).setRoomId(room);
        String resumeFrom = cursor;
        if (resumeFrom != null && !resumeFrom.isEmpty()) {
            hello.setCursor(resumeFrom);
        }
        c.writeAndFlush(ClientFrame.newBuilder().setHello(hello).build());
    }

    void received(Channel c, ServerFrame frame) {
        if (c != channel) {
            return;
        }
        switch (frame.getFrameCase()) {
            case WELCOME -> welcome(c, frame.getWelcome());
            case BLOCK -> {
                Block block = frame.getBlock();
                if (!block.getHeader().getCursor().isEmpty()) {
                    cursor = block.getHeader().getCursor();
                }
                listener.onBlock(block);
            }
            case ERROR -> error(c, frame.getError());
            case GO_AWAY -> {
                goAway = frame.getGoAway();
                if (goAway.getEndpointsCount() > 0) {
                    List<Endpoint> next = new ArrayList<>();
                    goAway.getEndpointsList().forEach(e -> next.add(Endpoint.parse(e)));
                    endpoints = List.copyOf(next);
                    endpointIndex = 0;
                }
                listener.onGoAway(goAway);
                c.close();
            }
            case PONG -> listener.onPong();
            case FRAME_NOT_SET -> {
                // Unknown frames (from a newer server) are ignored.
            }
        }
    }

    private void welcome(Channel c, Welcome welcome) {
        sessionId = welcome.getSessionId();
        if (!welcome.getCursor().isEmpty()) {
            cursor = welcome.getCursor();
        }
        attempt = 0;
        goAway = null;
        welcomed = true;
        long heartbeat = Math.max(100, welcome.getHeartbeatMs());
        c.pipeline().addBefore("session", "heartbeat",
                new IdleStateHandler(heartbeat * 5 / 2, heartbeat, 0, TimeUnit.MILLISECONDS));
        listener.onWelcome(welcome);
        firstWelcome.complete(welcome);
    }

    private void error(Channel c, Error error) {
        listener.onError(error);
        if (TERMINAL.contains(error.getCode())) {
            closed = true;
            stopForGood();
            return;
        }
        if ("INVALID_CURSOR".equals(error.getCode())) {
            cursor = null;
        } else if ("OVERLOADED".equals(error.getCode())) {
            endpointIndex++;
        }
        c.close();
    }

    void disconnected(Channel c, Throwable cause) {
        if (c != channel) {
            return;
        }
        channel = null;
        welcomed = false;
        listener.onDisconnected(cause);
        if (closed) {
            finish();
            return;
        }
        long delay;
        if (goAway != null) {
            delay = goAway.getReconnectAfterMs();
            goAway = null;
        } else {
            delay = backoff.delayMillis(attempt++);
        }
        scheduleReconnect(delay);
    }

    private void scheduleReconnect(long delayMillis) {
        if (closed) {
            return;
        }
        cancelReconnect();
        reconnectTimer = loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelReconnect() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
            reconnectTimer = null;
        }
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
