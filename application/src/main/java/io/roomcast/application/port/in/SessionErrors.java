package io.roomcast.application.port.in;

import io.roomcast.domain.error.ErrorCode;

/**
 * The codes of the {@code Error} a viewer session sends before it closes, on every transport.
 * Constants only.
 */
public final class SessionErrors {
    /** Garbage, a malformed or oversized frame, a body that is not a ClientFrame, or an unknown frame. */
    public static final String BAD_FRAME = "BAD_FRAME";
    /** No Hello yet, a missing, malformed, wrongly signed or expired token. */
    public static final String UNAUTHENTICATED = ErrorCode.UNAUTHENTICATED.name();
    /** The viewer reads too slowly; reconnect and resume with the last cursor. */
    public static final String SLOW = "SLOW";
    /** Too many new connections per second on this node, or too many room changes; retry after a backoff. */
    public static final String RATE_LIMITED = ErrorCode.RATE_LIMITED.name();
    /** This node holds its maximum of connections (or its resume queue is full); try another endpoint. */
    public static final String OVERLOADED = "OVERLOADED";
    /** Nothing received for 2.5 heartbeat intervals. */
    public static final String IDLE = "IDLE";

    private SessionErrors() {
    }

    /** The wire code of a domain error code: the enum's name. */
    public static String code(ErrorCode code) {
        return code.name();
    }
}
