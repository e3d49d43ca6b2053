package io.roomcast.bootstrap.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting roomcast knows, with its default and meaning. A setting is given as a flag
 * ({@code --http.port=8081}), an environment variable ({@code ROOMCAST_HTTP_PORT=8081}) or a line of
 * the config file ({@code http.port=8081}); flags win over the environment, which wins over the file.
 */
public enum Setting {
    STORE("store", "chronicle", "where messages are kept: chronicle (embedded, default), redis or memory"),
    DATA_DIR("data.dir", "./data", "directory for the Chronicle queue and the generated secrets"),
    REDIS_URL("redis.url", "redis://127.0.0.1:6379", "Redis to use with store=redis"),
    REDIS_TIMEOUT_MS("redis.timeout.ms", "2000", "how long a Redis command may take before the request fails with 503"),
    HTTP_HOST("http.host", "0.0.0.0", "address the HTTP API listens on"),
    HTTP_PORT("http.port", "8080", "port of the HTTP API (0: any free port)"),
    HTTP_MAX_BODY_BYTES("http.max.body.bytes", "1048576", "largest publish body accepted (413 above)"),
    TCP_ENABLED("tcp.enabled", "true", "open the long-connection port"),
    TCP_HOST("tcp.host", "0.0.0.0", "address long connections listen on"),
    TCP_PORT("tcp.port", "9443", "port of long connections (0: any free port)"),
    TCP_TLS("tcp.tls", "true", "TLS on long connections; false only behind a TLS terminator"),
    TCP_CERT("tcp.cert", "", "PEM certificate chain for TLS (empty: a self-signed one is generated, with a warning)"),
    TCP_KEY("tcp.key", "", "PEM private key (PKCS#8) for TLS"),
    TCP_ADVERTISE("tcp.advertise", "", "host:port list handed out by /api/v1/endpoint (empty: this host and tcp.port)"),
    TCP_MAX_CONNECTIONS("tcp.max.connections", "200000", "most long connections this node holds"),
    TCP_MAX_NEW_PER_SECOND("tcp.max.new.per.second", "2000", "most new long connections accepted per second"),
    TCP_WRITE_BUFFER_HIGH_BYTES("tcp.write.buffer.high.bytes", "262144",
            "bytes queued on one long connection before it counts as slow (its blocks are then held and merged)"),
    TCP_WRITE_BUFFER_LOW_BYTES("tcp.write.buffer.low.bytes", "65536",
            "bytes below which a slow long connection is writable again"),
    TCP_TLS_PROVIDER("tcp.tls.provider", "auto",
            "who does the TLS work: auto (BoringSSL when its bundled native library loads, else the JDK), jdk or openssl"),
    HEARTBEAT_MS("heartbeat.ms", "30000", "heartbeat interval told to clients; silent for 2.5 intervals means dead"),
    API_KEYS("api.keys", "", "comma-separated API keys of business servers (empty: generated into data.dir)"),
    TOKEN_SECRET("token.secret", "", "HS256 secret of user tokens, at least 32 bytes (empty: generated into data.dir)"),
    ROOM_BUDGET("room.budget", "1000", "messages per second a room accepts before the lowest levels are discarded"),
    BLOCK_WINDOW_MS("block.window.ms", "500", "how long a room gathers messages into one pushed block"),
    BLOCK_QUIET_MS("block.quiet.ms", "1000", "after this long without a message, a room's next message goes out at once"),
    RENDER_BUDGET("render.budget", "20", "most messages per second pushed to a viewer (0: no budget)"),
    POLL_CACHE_MS("poll.cache.ms", "100", "how long a guest's poll answer is reused for the same cursor (0: off)"),
    RETENTION_COUNT("retention.count", "10000", "messages kept per stream (room category, user, broadcasts)"),
    RETENTION_SECONDS("retention.seconds", "3600", "how long messages are kept"),
    SHUTDOWN_GRACE_MS("shutdown.grace.ms", "10000", "how long a shutdown may take to drain connections");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable: {@code ROOMCAST_} and the key in upper case with '_' for '.'. */
    public String envName() {
        return "ROOMCAST_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    static List<String> keys() {
        return java.util.Arrays.stream(values()).map(Setting::key).toList();
    }
}
