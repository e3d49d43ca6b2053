package io.roomcast.adapters.http;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.protocol.json.JsonMessages;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@link #status} maps every {@link ErrorCode}
 * to its status, {@link #send} writes {@code {"error":{"code":"...","message":"..."}}} (always
 * JSON, also to protobuf clients, so an error is readable anywhere). Anything that is neither a
 * {@link RoomcastException} nor an {@link HttpProblem} is a bug: 500 with a generic message, the
 * exception goes to the log. Stateless and thread-safe.
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    private static final int SHOWN = 80;

    private Errors() {
    }

    /** The HTTP status of each error code. */
    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, INVALID_CURSOR -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case STORE_UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /** Answers {@code failure} on {@code exchange}; when the answer has already begun, closes the connection. */
    static void send(HttpServerExchange exchange, Throwable failure) {
        if (exchange.isResponseStarted()) {
            LOG.warn("failure after the answer to {} {} began; closing the connection",
                    exchange.getRequestMethod(), exchange.getRequestPath(), failure);
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (failure instanceof HttpProblem problem) {
            if (problem.allow() != null) {
                exchange.getResponseHeaders().put(Headers.ALLOW, problem.allow());
            }
            write(exchange, problem.status(), problem.code(), problem.getMessage());
        } else if (failure instanceof RoomcastException e && e.code() != ErrorCode.INTERNAL) {
            switch (e.code()) {
                case UNAUTHENTICATED -> exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                case STORE_UNAVAILABLE -> LOG.warn("store unavailable on {} {}: {}",
                        exchange.getRequestMethod(), exchange.getRequestPath(), e.getMessage());
                default -> { }
            }
            write(exchange, status(e.code()), e.code().name(), e.getMessage());
        } else {
            LOG.error("unexpected failure on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
            write(exchange, 500, ErrorCode.INTERNAL.name(), "internal error; the server log has the details");
        }
    }

    private static void write(HttpServerExchange exchange, int status, String code, String message) {
        byte[] body = new JsonMessages(256).error(code, message).toByteArray();
        exchange.setStatusCode(status);
        Responses.send(exchange, Responses.JSON, body);
    }

    /** Client-given text for an error message, cut to a readable length. */
    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    }
}
