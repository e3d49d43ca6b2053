package io.roomcast.client;

import java.util.Objects;

/**
 * A long-connection endpoint, {@code host:port} (an IPv6 literal in brackets: {@code [::1]:9443}),
 * as {@code GET /api/v1/endpoint} and {@code GoAway} name them.
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("endpoint port must be 1-65535, got " + port);
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static Endpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("not host:port: '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 endpoint needs brackets, e.g. [::1]:9443: '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: '" + text + "'", e);
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
