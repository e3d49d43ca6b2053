package io.roomcast.adapters.http;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Decorators that put {@link ClientLimits} and the body deadline in front of a route. Each runs on
 * the IO thread before the route's own handler, so a refused request costs a map lookup. Stateless
 * apart from the limits they are given; thread-safe.
 */
final class Guards {
    private static final Logger LOG = LoggerFactory.getLogger(Guards.class);

    private Guards() {
    }

    /** Polls: counted per address and per viewer before anything is read. */
    static HttpHandler poll(ClientLimits limits, HttpHandler next) {
        return exchange -> {
            limits.checkPoll(exchange);
            next.handleRequest(exchange);
        };
    }

    /**
     * Anything behind the API key: an address that guessed keys too often is refused before its
     * key is looked at (so a right guess past the limit reveals nothing); a failed key is counted
     * and logged.
     */
    static HttpHandler apiKey(ClientLimits limits, HttpHandler next) {
        return exchange -> {
            limits.checkAuthAllowed(exchange);
            try {
                next.handleRequest(exchange);
            } catch (RoomcastException e) {
                if (e.code() == ErrorCode.UNAUTHENTICATED) {
                    limits.authFailed(exchange, e);
                }
                throw e;
            }
        };
    }

    /**
     * Publishes: behind the API key ({@link #apiKey}), and a body that has not fully arrived
     * {@code bodyTimeoutMs} after the headers is cut by closing the connection (a trickled body
     * holds a connection and a buffer, never a worker).
     */
    static HttpHandler publish(ClientLimits limits, int bodyTimeoutMs, HttpHandler next) {
        return apiKey(limits, exchange -> {
            deadline(limits, exchange, bodyTimeoutMs);
            next.handleRequest(exchange);
        });
    }

    private static void deadline(ClientLimits limits, HttpServerExchange exchange, int bodyTimeoutMs) {
        if (exchange.isRequestComplete()) {
            return;
        }
        XnioExecutor.Key key = exchange.getIoThread().executeAfter(() -> {
            if (!exchange.isRequestComplete()) {
                LOG.info("cutting a publish from {}: its body did not arrive within {} ms",
                        limits.address(exchange), bodyTimeoutMs);
                IoUtils.safeClose(exchange.getConnection());
            }
        }, bodyTimeoutMs, TimeUnit.MILLISECONDS);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            key.remove();
            nextListener.proceed();
        });
    }
}
