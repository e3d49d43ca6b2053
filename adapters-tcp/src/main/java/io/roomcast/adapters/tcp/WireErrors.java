package io.roomcast.adapters.tcp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.ServerFrame;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * The codes of {@code Error} frames on a long connection, the frames themselves, and which
 * exception of a pipeline becomes which. Every {@code Error} is followed by a close of that one
 * connection. Stateless.
 */
final class WireErrors {
    /** Garbage, a malformed or oversized length prefix, a body that is not a ClientFrame, or an unknown frame. */
    static final String BAD_FRAME = SessionErrors.BAD_FRAME;
    /** No Hello yet, a missing, malformed, wrongly signed or expired token. */
    static final String UNAUTHENTICATED = SessionErrors.UNAUTHENTICATED;
    /** The viewer reads too slowly; reconnect and resume with the last cursor. */
    static final String SLOW = SessionErrors.SLOW;
    /** Too many new connections per second on this node; retry after a backoff. */
    static final String RATE_LIMITED = SessionErrors.RATE_LIMITED;
    /** This node holds its maximum of connections (or its resume queue is full); try another endpoint. */
    static final String OVERLOADED = SessionErrors.OVERLOADED;
    /** Nothing received for 2.5 heartbeat intervals. */
    static final String IDLE = SessionErrors.IDLE;

    /** What to tell a peer before closing: a code and a message, or nothing at all ({@link #SILENT}). */
    record Failure(String code, String message) {
    }

    /** Close without a frame: the peer cannot read one (not TLS, a failed handshake, a broken socket). */
    static final Failure SILENT = new Failure(null, null);

    private WireErrors() {
    }

    static ServerFrame frame(String code, String message) {
        return ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    /** The wire code of a domain error code: the enum's name. */
    static String code(ErrorCode code) {
        return SessionErrors.code(code);
    }

    /** What a pipeline's exception means for its peer; null for an unexpected one (an internal error). */
    static Failure of(Throwable cause) {
        if (cause instanceof NotSslRecordException
                || (cause instanceof DecoderException && cause.getCause() instanceof SSLException)
                || cause instanceof IOException) {
            return SILENT;
        }
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            return new Failure(BAD_FRAME, cause.getMessage());
        }
        if (cause instanceof DecoderException && cause.getCause() instanceof InvalidProtocolBufferException) {
            return new Failure(BAD_FRAME, "not a ClientFrame: " + cause.getCause().getMessage());
        }
        return null;
    }
}
