package io.roomcast.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The state machine behind a {@link LongConnectionClient}: one logical connection across
 * reconnects. It opens connections through a {@link ClientConnector}, handles the events its
 * {@link ClientHandler}s report, keeps the cursor to resume from, and asks {@link Reconnects}
 * where and when to connect next.
 *
 * <p>Thread-safe: every state change runs on one event loop of the group, listener callbacks too;
 * the getters read volatile fields.
 */
final class LongConnection {
    /** Errors after which the same Hello would fail again. */
    private static final Set<String> TERMINAL = Set.of("UNAUTHENTICATED", "BAD_FRAME", "INVALID_ARGUMENT");

    private final Supplier<String> token;
    private final LongConnectionListener listener;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop loop;
    private final ClientConnector connector;
    private final Reconnects reconnects;
    private final CompletableFuture<Welcome> firstWelcome = new CompletableFuture<>();
    private final boolean acks;

    private volatile String room;
    private volatile String cursor;
    private volatile String sessionId;
    private volatile Channel channel;
    private volatile boolean welcomed;
    private volatile boolean closed;
    private boolean finished;
    private volatile boolean started;
    private volatile boolean reading = true;

    LongConnection(EventLoopGroup group, boolean ownGroup, ClientConnector connector, Backoff backoff,
            List<Endpoint> endpoints, Supplier<String> token, String room, String cursor, boolean acks,
            LongConnectionListener listener) {
        this.group = group;
        this.ownGroup = ownGroup;
        this.loop = group.next();
        this.connector = connector;
        this.reconnects = new Reconnects(loop, backoff, endpoints);
        this.token = token;
        this.room = room;
        this.cursor = cursor;
        this.acks = acks;
        this.listener = listener;
    }

    void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        onLoop(this::connect);
    }

    CompletableFuture<Welcome> firstWelcome() {
        return firstWelcome;
    }

    String lastCursor() {
        return cursor;
    }

    String sessionId() {
        return sessionId;
    }

    String room() {
        return room;
    }

    boolean isConnected() {
        return welcomed && channel != null && channel.isActive();
    }

    void join(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        onLoop(() -> {
            room = roomId;
            Channel c = channel;
            if (c != null && welcomed) {
                c.writeAndFlush(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId(roomId)).build());
            } else if (c == null && !reconnects.pending() && !closed && started) {
                connect();
            }
        });
    }

    void leave(String roomId) {
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

    void pauseReading() {
        onLoop(() -> {
            reading = false;
            Channel c = channel;
            if (c != null) {
                c.config().setAutoRead(false);
            }
        });
    }

    void resumeReading() {
        onLoop(() -> {
            reading = true;
            Channel c = channel;
            if (c != null) {
                c.config().setAutoRead(true);
                c.read();
            }
        });
    }

    void dropConnection() {
        onLoop(() -> {
            Channel c = channel;
            if (c != null) {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
                c.close();
            }
        });
    }

    void close() {
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
        reconnects.cancel();
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
        reconnects.fired();
        if (closed || channel != null || room == null) {
            return;
        }
        ChannelFuture connecting = connector.connect(loop, reconnects.target(), this);
        Channel c = connecting.channel();
        channel = c;
        if (!reading) {
            c.config().setAutoRead(false);
        }
        // A server that accepts the connection but never welcomes it (its process stopped: the
        // kernel still completes the handshake) is given up after the connect timeout, as one that
        // does not answer the SYN is.
        long timeout = connector.connectTimeoutMillis();
        loop.schedule(() -> {
            if (channel == c && !welcomed) {
                c.pipeline().fireExceptionCaught(new TimeoutException("no Welcome within " + timeout + " ms"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                reconnects.skipEndpoint();
                // channelInactive will not follow a failed connect on every transport: reconnect from here.
                if (channel == c) {
                    channel = null;
                    listener.onDisconnected(f.cause());
                    if (closed) {
                        finish();
                    } else {
                        scheduleReconnect(reconnects.afterFailedConnect());
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
        Hello.Builder hello = Hello.newBuilder().setToken(Objects.requireNonNullElse(token.get(), "")).setRoomId(room)
                .setAcks(acks);
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
                reconnects.goAway(frame.getGoAway());
                listener.onGoAway(frame.getGoAway());
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
        reconnects.sessionOpened();
        welcomed = true;
        long heartbeat = Math.max(100, welcome.getHeartbeatMs());
        c.pipeline().addBefore("session", "heartbeat",
                new IdleStateHandler(heartbeat * 5 / 2, heartbeat, 0, TimeUnit.MILLISECONDS));
        if (acks && c.pipeline().get("session") instanceof ClientHandler handler) {
            handler.ackEvery(welcome.getAckMs());
        }
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
            reconnects.skipEndpoint();
        }
        c.close();
    }

    void disconnected(Channel c, Throwable cause) {
        if (c != channel) {
            return;
        }
        if (cause instanceof TimeoutException) {
            // Silent (no Welcome, or nothing for 2.5 heartbeats): the next attempt goes elsewhere first.
            reconnects.skipEndpoint();
        }
        channel = null;
        welcomed = false;
        listener.onDisconnected(cause);
        if (closed) {
            finish();
            return;
        }
        scheduleReconnect(reconnects.afterDisconnect());
    }

    private void scheduleReconnect(long delayMillis) {
        if (closed) {
            return;
        }
        reconnects.schedule(this::connect, delayMillis);
    }
}
