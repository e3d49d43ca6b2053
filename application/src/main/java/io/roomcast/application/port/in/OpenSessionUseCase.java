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
}
