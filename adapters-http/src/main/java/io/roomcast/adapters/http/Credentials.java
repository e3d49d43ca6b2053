package io.roomcast.adapters.http;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Bearer credentials: reading them from {@code Authorization} and checking API keys. An API key
 * is compared in constant time: both sides are hashed to SHA-256 first, so neither the length nor
 * the content of a configured key leaks through timing, and every configured key is compared on
 * every check. Thread-safe.
 */
final class Credentials {
    private static final String BEARER = "Bearer ";

    private final byte[][] keyDigests;

    Credentials(Set<String> apiKeys) {
        keyDigests = apiKeys.stream().map(Credentials::sha256).toArray(byte[][]::new);
    }

    /** Checks the API key a business server sent; a missing or unknown one is UNAUTHENTICATED. */
    void checkApiKey(HttpServerExchange exchange) {
        String key = bearer(exchange);
        if (key == null) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED,
                    "missing API key: send 'Authorization: Bearer <api key>'");
        }
        byte[] digest = sha256(key);
        boolean known = false;
        for (byte[] candidate : keyDigests) {
            known |= MessageDigest.isEqual(candidate, digest);
        }
        if (!known) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "invalid API key");
        }
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header, or null when there is no such
     * header; any other form of the header is UNAUTHENTICATED.
     */
    static String bearer(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "Authorization: send the header once");
        }
        String header = values.getFirst().strip();
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "Authorization: expected 'Bearer <credential>'");
        }
        String credential = header.substring(BEARER.length()).strip();
        if (credential.isEmpty()) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "Authorization: the bearer credential is empty");
        }
        return credential;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
