package io.roomcast.adapters.http;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the HTTP adapter. Validates itself: a bad value fails with a message naming the
 * setting, the value and what is allowed. Immutable; the {@code with...} methods return copies.
 *
 * @param host                   the address to listen on (default {@value #DEFAULT_HOST}: every interface)
 * @param port                   the port to listen on (default {@value #DEFAULT_PORT}; 0 picks a free port)
 * @param maxBodyBytes           the largest request body accepted; a bigger one gets 413 (default 1 MiB)
 * @param apiKeys                the keys business servers publish with ({@code Authorization: Bearer <key>}); at
 *                               least one
 * @param advertisedTcpEndpoints configured long-connection endpoints ({@code tcp.advertise}), {@code "host:port"},
 *                               best first (default none); validated here, handed out by the
 *                               {@code AllocateEndpointUseCase} the server is given
 * @param heartbeatMs            the long-connection heartbeat interval announced with the endpoints (default
 *                               {@value #DEFAULT_HEARTBEAT_MS}); its range is the long connections', checked
 *                               where users set it, so this only requires it positive
 * @param pollCacheMs            how long a guest's poll answer is reused for the same (room, cursor, limit),
 *                               0-{@value #MAX_POLL_CACHE_MS} (default {@value #DEFAULT_POLL_CACHE_MS}; 0: off)
 * @param ioThreads              Undertow IO threads (default: the number of cores, at least 2)
 * @param workerThreads          threads for blocking work (store calls) (default: 8 per IO thread)
 * @param corsOrigins            origins whose browsers may call the API cross-origin ({@code https://a.example}, or
 *                               {@code *} alone for any); default none: no CORS headers, preflights refused
 */
public record HttpConfig(
        String host,
        int port,
        int maxBodyBytes,
        Set<String> apiKeys,
        List<String> advertisedTcpEndpoints,
        int heartbeatMs,
        int pollCacheMs,
        int ioThreads,
        int workerThreads,
        List<String> corsOrigins) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The largest body limit allowed: whole bodies are held in memory while parsed. */
    public static final int MAX_MAX_BODY_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_HEARTBEAT_MS = 30_000;
    public static final int DEFAULT_POLL_CACHE_MS = 100;
    /** The longest a guest's answer may be reused: past this, guests would see a stale room. */
    public static final int MAX_POLL_CACHE_MS = 10_000;
    public static final int MIN_API_KEY_LENGTH = 16;
    public static final int MAX_THREADS = 10_000;

    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: must not be empty (use " + DEFAULT_HOST + " for every interface)");
        }
        host = host.strip();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: must be 0-65535 (0 picks a free port), got " + port);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes: must be 1-" + MAX_MAX_BODY_BYTES + ", got " + maxBodyBytes);
        }
        Objects.requireNonNull(apiKeys, "apiKeys");
        if (apiKeys.isEmpty()) {
            throw new IllegalArgumentException("apiKeys: at least one API key is required for publishing");
        }
        for (String key : apiKeys) {
            checkApiKey(key);
        }
        apiKeys = Set.copyOf(apiKeys);
        Objects.requireNonNull(advertisedTcpEndpoints, "advertisedTcpEndpoints");
        for (String endpoint : advertisedTcpEndpoints) {
            checkEndpoint(endpoint);
        }
        advertisedTcpEndpoints = List.copyOf(advertisedTcpEndpoints);
        if (heartbeatMs < 1) {
            throw new IllegalArgumentException("heartbeatMs: must be positive, got " + heartbeatMs);
        }
        if (pollCacheMs < 0 || pollCacheMs > MAX_POLL_CACHE_MS) {
            throw new IllegalArgumentException("pollCacheMs: must be 0-" + MAX_POLL_CACHE_MS + " (0: off), got "
                    + pollCacheMs);
        }
        if (ioThreads < 1 || ioThreads > MAX_THREADS) {
            throw new IllegalArgumentException("ioThreads: must be 1-" + MAX_THREADS + ", got " + ioThreads);
        }
        if (workerThreads < 1 || workerThreads > MAX_THREADS) {
            throw new IllegalArgumentException("workerThreads: must be 1-" + MAX_THREADS + ", got " + workerThreads);
        }
        corsOrigins = Cors.checkOrigins(Objects.requireNonNull(corsOrigins, "corsOrigins"));
    }

    /** Every default, with the given API keys (there is no default key). */
    public static HttpConfig defaults(Set<String> apiKeys) {
        int io = defaultIoThreads();
        return new HttpConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, apiKeys, List.of(),
                DEFAULT_HEARTBEAT_MS, DEFAULT_POLL_CACHE_MS, io, defaultWorkerThreads(io), List.of());
    }

    /** One IO thread per core, at least 2 (Undertow's own default). */
    public static int defaultIoThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** Eight worker threads per IO thread (Undertow's own default): store calls block. */
    public static int defaultWorkerThreads(int ioThreads) {
        return Math.min(MAX_THREADS, ioThreads * 8);
    }

    public HttpConfig withHost(String newHost) {
        return new HttpConfig(newHost, port, maxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, maxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new HttpConfig(host, port, newMaxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withApiKeys(Set<String> newApiKeys) {
        return new HttpConfig(host, port, maxBodyBytes, newApiKeys, advertisedTcpEndpoints, heartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withAdvertisedTcpEndpoints(List<String> newEndpoints) {
        return new HttpConfig(host, port, maxBodyBytes, apiKeys, newEndpoints, heartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withHeartbeatMs(int newHeartbeatMs) {
        return new HttpConfig(host, port, maxBodyBytes, apiKeys, advertisedTcpEndpoints, newHeartbeatMs,
                pollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withPollCacheMs(int newPollCacheMs) {
        return new HttpConfig(host, port, maxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs,
                newPollCacheMs, ioThreads, workerThreads, corsOrigins);
    }

    public HttpConfig withCorsOrigins(List<String> newOrigins) {
        return new HttpConfig(host, port, maxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs, pollCacheMs,
                ioThreads, workerThreads, newOrigins);
    }

    /** Sets both thread counts. */
    public HttpConfig withThreads(int newIoThreads, int newWorkerThreads) {
        return new HttpConfig(host, port, maxBodyBytes, apiKeys, advertisedTcpEndpoints, heartbeatMs, pollCacheMs,
                newIoThreads, newWorkerThreads, corsOrigins);
    }

    /** Keys never appear in messages: only their position and the rule they break. */
    private static void checkApiKey(String key) {
        if (key == null || key.length() < MIN_API_KEY_LENGTH) {
            throw new IllegalArgumentException("apiKeys: every key must be at least " + MIN_API_KEY_LENGTH
                    + " characters long (a key of " + (key == null ? 0 : key.length()) + " was given)");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("apiKeys: a key may hold only visible ASCII characters, no spaces");
            }
        }
    }

    /** {@code host:port} or {@code [v6-address]:port}, with a port of 1-65535. */
    private static void checkEndpoint(String endpoint) {
        String problem = "advertisedTcpEndpoints: expected \"host:port\" with a port of 1-65535, got '" + endpoint + "'";
        if (endpoint == null) {
            throw new IllegalArgumentException(problem);
        }
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1 || colon > endpoint.length() - 2 + 5) {
            throw new IllegalArgumentException(problem);
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (!host.startsWith("[") && host.indexOf(':') >= 0)) {
            throw new IllegalArgumentException(problem);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/') {
                throw new IllegalArgumentException(problem);
            }
        }
        int port = 0;
        for (int i = colon + 1; i < endpoint.length(); i++) {
            char c = endpoint.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(problem);
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(problem);
        }
    }
}
