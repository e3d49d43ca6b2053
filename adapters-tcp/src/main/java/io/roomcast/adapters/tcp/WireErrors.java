package io.roomcast.adapters.tcp;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.ServerFrame;

/**
 * The codes of {@code Error} frames on a long connection, and the frames themselves. Every
 * {@code Error} is followed by a close of that one connection. Stateless.
 */
final class WireErrors {
    /** Garbage, a malformed or oversized length prefix, a body that is not a ClientFrame, or an unknown frame. */
    static final String BAD_FRAME = "BAD_FRAME";
    /** No Hello yet, a missing, malformed, wrongly signed or expired token. */
    static final String UNAUTHENTICATED = ErrorCode.UNAUTHENTICATED.name();
    /** The viewer reads too slowly; reconnect and resume with the last cursor. */
    static final String SLOW = "SLOW";
    /** Too many new connections per second on this node; retry after a backoff. */
    static final String RATE_LIMITED = ErrorCode.RATE_LIMITED.name();
    /** This node holds its maximum of connections (or its resume queue is full); try another endpoint. */
    static final String OVERLOADED = "OVERLOADED";
    /** Nothing received for 2.5 heartbeat intervals. */
    static final String IDLE = "IDLE";

    private WireErrors() {
    }

    static ServerFrame frame(String code, String message) {
        return ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    /** The wire code of a domain error code: the enum's name. */
    static String code(ErrorCode code) {
        return code.name();
    }
}
