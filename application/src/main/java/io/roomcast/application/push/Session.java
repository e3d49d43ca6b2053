package io.roomcast.application.push;

import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.port.out.ViewerSink;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's session protocol, transport-neutral: {@code Hello} (token check, then Welcome),
 * {@code Join}/{@code Leave} (one room at a time), {@code Ping}/{@code Pong}, {@code Ack} (when the
 * Hello asked for acks and the transport holds connections back for them), GoAway and errors. What
 * the viewer is sent is the push core's ({@link PushViewer}); how it is written is the
 * {@link SessionTransport}'s.
 *
 * <p>States: {@code HELLO} (nothing but Hello is accepted) -> {@code AUTHENTICATING} (the token is
 * checked off the loop) -> {@code OPEN} -> {@code CLOSING}. While the viewer's replay is read,
 * Join/Leave calls wait (at most {@value #MAX_DEFERRED_ROOM_CHANGES}: each is a store read). Any
 * protocol error sends {@code Error{code}} and closes this session alone.
 *
 * <p>Not thread-safe: every method runs on the session's loop; the token check runs on the blocking
 * executor and its result comes back with a task on the loop.
 */
final class Session implements ViewerSession, ViewerSink {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private enum State { HELLO, AUTHENTICATING, OPEN, CLOSING }

    /** A Join or Leave that arrived while a session was still being set up. */
    private record RoomChange(RoomId room, boolean join) {
    }

    private final UserTokens tokens;
    private final SessionSettings settings;
    private final TaskLoop loop;
    private final SessionTransport transport;
    private final Executor blocking;
    private final String id;
    private final PushViewer viewer;
    private final List<RoomChange> deferred = new ArrayList<>();
    private State state = State.HELLO;
    private UserId user;
    private boolean welcomed;
    private boolean resuming;
    private boolean acks;
    private TaskLoop.Timer helloTimer;

    Session(PushUseCase push, UserTokens tokens, SessionSettings settings, TaskLoop loop, SessionTransport transport,
            Executor blocking) {
        this.tokens = tokens;
        this.settings = settings;
        this.loop = loop;
        this.transport = transport;
        this.blocking = blocking;
        this.id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.viewer = push.open(loop, this, id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void connected() {
        if (state != State.HELLO || helloTimer != null) {
            return;
        }
        helloTimer = loop.schedule(() -> {
            if (state == State.HELLO) {
                fail(SessionErrors.UNAUTHENTICATED, "no Hello within " + settings.helloTimeoutMs() + " ms");
            }
        }, settings.helloTimeoutMs());
    }

    @Override
    public void hello(SessionHello hello) {
        if (state == State.CLOSING) {
            return;
        }
        if (state != State.HELLO) {
            fail(SessionErrors.BAD_FRAME, "Hello was already received on this connection");
            return;
        }
        RoomId target;
        Cursor from;
        try {
            target = RoomId.of(hello.roomId());
            from = hello.cursor().isEmpty() ? null : Cursor.parse(hello.cursor());
        } catch (RoomcastException e) {
            fail(SessionErrors.code(e.code()), e.getMessage());
            return;
        }
        if (hello.token().isEmpty()) {
            fail(SessionErrors.UNAUTHENTICATED, "Hello.token is empty: send the user token");
            return;
        }
        state = State.AUTHENTICATING;
        cancel(helloTimer);
        if (hello.acks() && settings.ackLagMs() > 0) {
            acks = transport.useAcks(settings.ackLagMs(), settings.ackWindowBytes());
        }
        String token = hello.token();
        try {
            blocking.execute(() -> {
                try {
                    UserId verified = tokens.verify(token);
                    onLoop(() -> authenticated(verified, target, from));
                } catch (RoomcastException e) {
                    onLoop(() -> fail(SessionErrors.code(e.code()), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("session {}: token check failed", id, e);
                    onLoop(() -> fail(SessionErrors.code(ErrorCode.INTERNAL), "internal error; reconnect"));
                }
            });
        } catch (RejectedExecutionException e) {
            overloaded();
        }
    }

    private void authenticated(UserId verified, RoomId target, Cursor from) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        state = State.OPEN;
        user = verified;
        enter(target, from);
    }

    private void enter(RoomId target, Cursor from) {
        resuming = true;
        try {
            viewer.enter(target, user, from);
        } catch (RejectedExecutionException e) {
            overloaded();
        }
    }

    private void overloaded() {
        fail(SessionErrors.OVERLOADED, "this node is too busy to open sessions now; retry after a backoff");
    }

    private boolean requireHello() {
        if (state == State.CLOSING) {
            return false;
        }
        if (state == State.HELLO) {
            fail(SessionErrors.UNAUTHENTICATED, "send Hello first");
            return false;
        }
        return true;
    }

    @Override
    public void join(String roomId) {
        roomChange(roomId, true);
    }

    @Override
    public void leave(String roomId) {
        roomChange(roomId, false);
    }

    @Override
    public void ping() {
        if (requireHello()) {
            transport.pong();
        }
    }

    @Override
    public void ack(long blocks) {
        if (requireHello() && !transport.acked(blocks)) {
            fail(SessionErrors.BAD_FRAME, acks ? "Ack.blocks " + Long.toUnsignedString(blocks)
                    + " is more than the blocks sent on this connection"
                    : "Ack without acks: send Hello.acks, and acks only when Welcome.ack_ms is not 0");
        }
    }

    @Override
    public void unknownFrame() {
        fail(SessionErrors.BAD_FRAME, "unknown frame type: this server knows hello, join, leave, ping and ack");
    }

    /** The viewer's start is known: Welcome on the first room; then the Join/Leave calls that waited. */
    @Override
    public void started(Cursor start) {
        if (state != State.OPEN) {
            return;
        }
        if (!welcomed) {
            welcomed = true;
            transport.welcome(id, settings.heartbeatMs(), acks ? Math.max(1, settings.ackLagMs() / 4) : 0, start);
        }
        resuming = false;
        if (!deferred.isEmpty()) {
            // After the viewer has written this room's replay: a change now would cut it short.
            onLoop(this::applyDeferred);
        }
    }

    private void applyDeferred() {
        while (state == State.OPEN && !resuming && !deferred.isEmpty()) {
            RoomChange change = deferred.remove(0);
            applyRoomChange(change.room(), change.join());
        }
    }

    private void roomChange(String roomId, boolean join) {
        if (!requireHello()) {
            return;
        }
        RoomId target;
        try {
            target = RoomId.of(roomId);
        } catch (RoomcastException e) {
            fail(SessionErrors.code(e.code()), e.getMessage());
            return;
        }
        if (state == State.OPEN && !resuming && deferred.isEmpty()) {
            applyRoomChange(target, join);
        } else if (deferred.size() < MAX_DEFERRED_ROOM_CHANGES) {
            deferred.add(new RoomChange(target, join));
        } else {
            // Each deferred change is a store read later: a client may not queue them without end.
            fail(SessionErrors.RATE_LIMITED, "too many Join/Leave frames while the session is starting (at most "
                    + MAX_DEFERRED_ROOM_CHANGES + ")");
        }
    }

    private void applyRoomChange(RoomId target, boolean join) {
        if (join && !target.equals(viewer.room())) {
            enter(target, null);
        } else if (!join && target.equals(viewer.room())) {
            viewer.leave();
        }
    }

    @Override
    public void writable() {
        if (state == State.OPEN) {
            viewer.writable();
        }
    }

    @Override
    public void caughtUp() {
        if (state == State.OPEN) {
            viewer.caughtUp();
        }
    }

    @Override
    public void goAway(long reconnectAfterMs, List<String> endpoints) {
        if (state == State.CLOSING) {
            return;
        }
        close();
        transport.goAway(reconnectAfterMs, endpoints);
    }

    @Override
    public void fail(String code, String message) {
        if (state == State.CLOSING) {
            return;
        }
        close();
        LOG.debug("session {}: {} {}", id, code, message);
        transport.error(code, message);
    }

    @Override
    public void closed() {
        if (state != State.CLOSING) {
            close();
        }
    }

    @Override
    public boolean isClosing() {
        return state == State.CLOSING;
    }

    /** Leaves the room, drops what waits, stops the timers; the connection itself is the transport's. */
    private void close() {
        state = State.CLOSING;
        viewer.close();
        deferred.clear();
        cancel(helloTimer);
        transport.release();
    }

    // The push core's side (ViewerSink): blocks pass through to the transport.

    @Override
    public boolean isWritable() {
        return transport.isWritable();
    }

    @Override
    public void write(Outgoing block) {
        transport.write(block);
    }

    @Override
    public void failed(RoomcastException error) {
        fail(SessionErrors.code(error.code()), error.getMessage());
    }

    @Override
    public void merged() {
        transport.merged();
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("session {}: loop shut down", id, e);
        }
    }

    private static void cancel(TaskLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public RoomId room() {
        return viewer.room();
    }

    @Override
    public int pending() {
        return viewer.pending();
    }
}
