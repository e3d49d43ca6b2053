package io.roomcast.application.port.in;

import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.application.port.out.TaskLoop;
import java.util.concurrent.Executor;

/**
 * Use case: a viewer's session over a long connection, whatever carries it (a TLS socket, a
 * WebSocket): Hello and its token check, Welcome, Join/Leave, Ping, Ack, GoAway and the errors that
 * close it. The transport decodes frames into calls on the {@link ViewerSession} and writes what it
 * is told to through its {@link SessionTransport}. Thread-safe.
 */
public interface OpenSessionUseCase {

    /**
     * A new session on {@code loop} (every call on it is made there) writing to {@code transport};
     * token checks run on {@code blocking}, never on the loop.
     */
    ViewerSession open(TaskLoop loop, SessionTransport transport, Executor blocking);

    /** The settings every session follows (timers, limits), for transports to apply. */
    SessionSettings settings();

    /** Whether this node has sessions at all (false: no push path, see {@link #none()}). */
    default boolean available() {
        return true;
    }

    /** No sessions on this node (it has no push path): {@link #open} fails, {@link #available()} is false. */
    static OpenSessionUseCase none() {
        return new OpenSessionUseCase() {
            @Override
            public ViewerSession open(TaskLoop loop, SessionTransport transport, Executor blocking) {
                throw new IllegalStateException("this node has no push path (long connections are off)");
            }

            @Override
            public SessionSettings settings() {
                return new SessionSettings(30_000, 10_000, 75_000, 15_000, 0, 16 * 1024, 16 * 1024, 1);
            }

            @Override
            public boolean available() {
                return false;
            }
        };
    }
}
