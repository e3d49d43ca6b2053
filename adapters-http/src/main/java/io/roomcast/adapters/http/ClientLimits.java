package io.roomcast.adapters.http;

import io.roomcast.application.port.out.Clock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-client limits of {@link HttpLimits}, checked on the IO thread before any work is done
 * for a request: polls per address and per viewer, and failed API-key checks per address. A
 * client over a limit gets 429 with {@code Retry-After}; every other client is untouched, since
 * each key has its own bucket. The address is the TCP peer's, or behind a proxy (when
 * {@link HttpLimits#trustForwardedFor}) the last {@code X-Forwarded-For} entry, the one that proxy
 * appended: entries before it are the client's own claims. Thread-safe.
 */
final class ClientLimits {
    private static final Logger LOG = LoggerFactory.getLogger(ClientLimits.class);
    private static final long MINUTE = TimeUnit.MINUTES.toMillis(1);
    private static final int MAX_VIEWER_KEY = 64;
    private static final AttachmentKey<String> PEER = AttachmentKey.create(String.class);

    private final KeyedRateLimiter pollsByAddress;
    private final KeyedRateLimiter pollsByViewer;
    private final KeyedRateLimiter authFailures;
    private final boolean trustForwardedFor;

    ClientLimits(HttpLimits limits, Clock clock) {
        int burst = HttpLimits.BURST_SECONDS;
        trustForwardedFor = limits.trustForwardedFor();
        pollsByAddress = new KeyedRateLimiter(clock, limits.pollsPerSecondPerAddress(), 1_000,
                (double) limits.pollsPerSecondPerAddress() * burst, KeyedRateLimiter.DEFAULT_MAX_KEYS);
        pollsByViewer = new KeyedRateLimiter(clock, limits.pollsPerSecondPerViewer(), 1_000,
                (double) limits.pollsPerSecondPerViewer() * burst, KeyedRateLimiter.DEFAULT_MAX_KEYS);
        authFailures = new KeyedRateLimiter(clock, limits.authFailuresPerMinute(), MINUTE,
                limits.authFailuresPerMinute(), KeyedRateLimiter.DEFAULT_MAX_KEYS);
    }

    /** Counts a poll against its address and its viewer; RATE_LIMITED (429) when either is over. */
    void checkPoll(HttpServerExchange exchange) {
        // A limit that is off costs nothing: no address, no viewer key is made for it.
        long wait = pollsByAddress.enabled() ? pollsByAddress.take(address(exchange)) : 0;
        if (wait > 0) {
            throw limited(exchange, wait, "too many polls from this address; retry after the Retry-After seconds");
        }
        String viewer = pollsByViewer.enabled() ? viewer(exchange) : null;
        wait = viewer == null ? 0 : pollsByViewer.take(viewer);
        if (wait > 0) {
            throw limited(exchange, wait, "this viewer polls faster than allowed; poll at the answer's pollAfterMs");
        }
    }

    /** Before an API key is checked: an address that failed too often gets 429, whatever key it sends now. */
    void checkAuthAllowed(HttpServerExchange exchange) {
        long wait = authFailures.waitMillis(address(exchange));
        if (wait > 0) {
            throw limited(exchange, wait, "too many failed API-key checks from this address");
        }
    }

    /** After an API key failed: counted and logged with the address and the reason, never the key. */
    void authFailed(HttpServerExchange exchange, RoomcastException failure) {
        String address = address(exchange);
        long wait = authFailures.take(address);
        LOG.warn("API key refused for {} from {}: {}{}", exchange.getRequestPath(), address, failure.getMessage(),
                wait > 0 ? "; this address is now limited" : "");
    }

    private static RoomcastException limited(HttpServerExchange exchange, long waitMillis, String message) {
        long seconds = Math.max(1, (waitMillis + 999) / 1_000);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
        return new RoomcastException(ErrorCode.RATE_LIMITED, message);
    }

    String address(HttpServerExchange exchange) {
        if (trustForwardedFor) {
            String forwarded = exchange.getRequestHeaders().getLast(Headers.X_FORWARDED_FOR);
            if (forwarded != null && !forwarded.isBlank()) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
                return last.length() > MAX_VIEWER_KEY ? last.substring(0, MAX_VIEWER_KEY) : last;
            }
        }
        // A connection's peer does not change: its text is made once, not once per request on it.
        ServerConnection connection = exchange.getConnection();
        String peer = connection.getAttachment(PEER);
        if (peer == null) {
            InetSocketAddress address = exchange.getSourceAddress();
            peer = address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
            connection.putAttachment(PEER, peer);
        }
        return peer;
    }

    /** A signed-in viewer's token, else a guest's {@code viewer} parameter, else null (limited by address only). */
    private static String viewer(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null) {
            // Keyed by a hash of the token (verified later, on a worker): bounded memory per key.
            return "t:" + Long.toHexString(fnv1a(authorization));
        }
        String viewer = Responses.query(exchange, "viewer");
        return viewer == null || viewer.isEmpty() || viewer.length() > MAX_VIEWER_KEY ? null : "v:" + viewer;
    }

    /** 64-bit FNV-1a: two tokens share a bucket with a chance of about 2^-64. */
    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
