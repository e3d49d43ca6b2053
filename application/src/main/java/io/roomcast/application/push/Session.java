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
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
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
 * checked off the loop, {@link HelloCheck}) -> {@code OPEN} -> {@code CLOSING}. While the viewer's
 * replay is read, Join/Leave calls wait (at most {@value #MAX_DEFERRED_ROOM_CHANGES}: each is a store
 * read; {@link RoomChanges}). Any protocol error sends {@code Error{code}} and closes this session alone.
 *
 * <p>Not thread-safe: every method runs on the session's loop; the token check runs on the blocking
 * executor and its result comes back with a task on the loop.
 */
final class Session implements ViewerSession, ViewerSink {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private enum State { HELLO, AUTHENTICATING, OPEN, CLOSING }

    private final SessionSettings settings;
    private final TaskLoop loop;
    private final SessionTransport transport;
    private final String id;
    private final PushViewer viewer;
    private final HelloCheck helloCheck;
    private final RoomChanges rooms;
    private State state = State.HELLO;
    private boolean welcomed;
    private boolean acks;

    Session(PushUseCase push, UserTokens tokens, SessionSettings settings, TaskLoop loop, SessionTransport transport,
            Executor blocking) {
        this.settings = settings;
        this.loop = loop;
        this.transport = transport;
        this.id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.viewer = push.open(loop, this, id);
        this.helloCheck = new HelloCheck(this, tokens, settings, loop, blocking);
        this.rooms = new RoomChanges(this, viewer);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void connected() {
        if (state == State.HELLO) {
            helloCheck.startTimer();
        }
    }

    /** Whether nothing but a Hello is accepted yet. */
    boolean awaitsHello() {
        return state == State.HELLO;
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
        helloCheck.check(hello);
    }

    /** The Hello holds: its token is being checked; {@code askedForAcks} when it asked to acknowledge blocks. */
    void authenticating(boolean askedForAcks) {
        state = State.AUTHENTICATING;
        if (askedForAcks && settings.ackLagMs() > 0) {
            acks = transport.useAcks(settings.ackLagMs(), settings.ackWindowBytes());
        }
    }

    /** The token named {@code verified} (on the loop): the session opens in the Hello's room. */
    void authenticated(UserId verified, RoomId target, Cursor from) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        state = State.OPEN;
        rooms.first(verified, target, from);
    }

    void overloaded() {
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
        if (requireHello()) {
            rooms.change(roomId, true);
        }
    }

    @Override
    public void leave(String roomId) {
        if (requireHello()) {
            rooms.change(roomId, false);
        }
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
        if (rooms.started()) {
            // After the viewer has written this room's replay: a change now would cut it short.
            onLoop(rooms::applyDeferred);
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

    /** Whether the session is open: authenticated, not closing. */
    boolean isOpen() {
        return state == State.OPEN;
    }

    /** Leaves the room, drops what waits, stops the timers; the connection itself is the transport's. */
    private void close() {
        state = State.CLOSING;
        viewer.close();
        rooms.clear();
        helloCheck.stopTimer();
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

    /** Runs {@code task} on the session's loop later; nothing if the loop is shut down. */
    void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("session {}: loop shut down", id, e);
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
