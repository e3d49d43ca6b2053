package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;
import java.util.List;

/**
 * One viewer's session, as its transport drives it: each decoded client frame is one call, and so
 * is each event of the connection (writable again, acknowledged, failed, gone). States: waiting for
 * {@code Hello} -> authenticating (the token is checked off the loop) -> open -> closing; any
 * protocol error sends {@code Error{code}} through the transport and closes this session alone.
 *
 * <p>Not thread-safe: every method is called on the session's loop ({@link OpenSessionUseCase#open}).
 */
public interface ViewerSession {
    /** Join/Leave calls accepted while the session is still authenticating or replaying (each is a store read later). */
    int MAX_DEFERRED_ROOM_CHANGES = 16;

    /** The session id sent in {@code Welcome}. */
    String id();

    /** The connection is up: the Hello timer starts. */
    void connected();

    void hello(SessionHello hello);

    void join(String roomId);

    void leave(String roomId);

    void ping();

    /** The client has read {@code blocks} blocks in all. */
    void ack(long blocks);

    /** A frame of a kind this server does not know. */
    void unknownFrame();

    /** The connection takes writes again. */
    void writable();

    /** The client acknowledged what it had been sent after falling behind. */
    void caughtUp();

    /** The server is draining: {@code GoAway}, then the transport closes once it is written. */
    void goAway(long reconnectAfterMs, List<String> endpoints);

    /** Sends {@code Error{code}} and closes (a bad frame, a slow or idle connection...). */
    void fail(String code, String message);

    /** The connection is gone (or closes without a word): leaves the room, stops the timers. */
    void closed();

    /** Whether the session is closing or closed. */
    boolean isClosing();

    /** The room watched now, or null. */
    RoomId room();

    /** Blocks waiting for the connection. */
    int pending();
}
