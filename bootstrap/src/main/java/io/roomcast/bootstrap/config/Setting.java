package io.roomcast.bootstrap.config;

import static io.roomcast.bootstrap.config.Valid.bool;
import static io.roomcast.bootstrap.config.Valid.oneOf;
import static io.roomcast.bootstrap.config.Valid.range;
import static io.roomcast.bootstrap.config.Valid.text;

import io.roomcast.adapters.http.HttpConfig;
import io.roomcast.adapters.http.HttpLimits;
import io.roomcast.adapters.redis.RedisStoreConfig;
import io.roomcast.adapters.tcp.ServerThreads;
import io.roomcast.adapters.tcp.TcpConfig;
import io.roomcast.adapters.tcp.TlsConfig;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.policy.SlicePolicy;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.policy.Staleness;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every setting roomcast knows: its one key, its one default, its one valid range and its meaning.
 * A setting is given as a flag ({@code --http.port=8081}), an environment variable
 * ({@code ROOMCAST_HTTP_PORT=8081}) or a line of the config file ({@code http.port=8081}); flags win
 * over the environment, which wins over the file. The defaults of the adapters' settings are the
 * adapters' own ({@link TcpConfig}, {@link HttpConfig}, {@link RedisStoreConfig}), so they cannot
 * drift apart; the README's settings table is this list ({@code DocumentedSettingsTest} holds it to it).
 */
public enum Setting {
    STORE("store", "chronicle", oneOf(StoreKind.names()), "where messages are kept: chronicle (embedded), redis or memory"),
    DATA_DIR("data.dir", "./data", text("a directory"), "directory for the Chronicle queue and the generated secrets"),
    REDIS_URL("redis.url", RedisStoreConfig.DEFAULT_URL, text("redis://... or rediss://..., comma-separated for several"),
            "Redis to use with store=redis; a Redis Cluster (7.0 or later) by one node's URL or several, comma-separated"),
    REDIS_TIMEOUT_MS("redis.timeout.ms", redis().commandTimeout().toMillis(), redisWait(10),
            "how long a Redis command may take before the request fails with 503"),
    REDIS_CONNECT_TIMEOUT_MS("redis.connect.timeout.ms", redis().connectTimeout().toMillis(), redisWait(10),
            "how long connecting to Redis may take"),
    REDIS_RECONNECT_DELAY_MAX_MS("redis.reconnect.delay.max.ms", redis().maxReconnectDelay().toMillis(), redisWait(1),
            "longest pause between reconnection attempts while Redis is down"),
    CLUSTER_ENABLED("cluster.enabled", true, bool(),
            "with store=redis: every node pushes what any node stored, over Redis sharded pub/sub (several nodes on one"
                    + " Redis); false: a node pushes only its own publishes. Ignored with the other stores"),
    NODE_ID("node.id", "", text("1-64 characters of A-Z a-z 0-9 _ . -"),
            "this node's name in the node registry (empty: n- and 6 random hex digits, new at each start)"),
    NODE_ENDPOINT("node.endpoint", "", text("host:port"),
            "the long-connection endpoint this node registers, which other nodes hand out and name in GoAway"
                    + " (empty: tcp.host, or this host's name when it is 0.0.0.0 or ::, and the bound tcp.port)"),
    HTTP_HOST("http.host", HttpConfig.DEFAULT_HOST, text("an address"), "address the HTTP API listens on"),
    HTTP_PORT("http.port", HttpConfig.DEFAULT_PORT, range(0, 65_535), "port of the HTTP API (0: any free port)"),
    HTTP_MAX_BODY_BYTES("http.max.body.bytes", HttpConfig.DEFAULT_MAX_BODY_BYTES, range(1_024, HttpConfig.MAX_MAX_BODY_BYTES),
            "largest publish body accepted (413 above)"),
    HTTP_CORS_ORIGINS("http.cors.origins", "", text("comma-separated origins such as https://a.example, or *"),
            "origins whose browser pages may call the HTTP API (CORS; empty: none, preflights get 405)"),
    TCP_ENABLED("tcp.enabled", true, bool(), "open the long-connection port"),
    TCP_HOST("tcp.host", tcp().host(), text("an address"), "address long connections listen on"),
    TCP_PORT("tcp.port", tcp().port(), range(0, 65_535), "port of long connections (0: any free port)"),
    TCP_TLS("tcp.tls", tcp().tls().enabled(), bool(), "TLS on long connections; false only behind a TLS terminator"),
    TCP_CERT("tcp.cert", "", text("a PEM file"),
            "PEM certificate chain for TLS (empty: a self-signed one, generated into data.dir on the first start and reused)"),
    TCP_KEY("tcp.key", "", text("a PEM file"), "PEM private key (PKCS#8) for TLS; goes with tcp.cert"),
    TCP_ADVERTISE("tcp.advertise", "", text("host:port list"),
            "long-connection endpoints handed out by /api/v1/endpoint and named in GoAway, e.g. a load balancer"
                    + " (empty: live nodes of the node registry, by room and load)"),
    TCP_MAX_CONNECTIONS("tcp.max.connections", tcp().maxConnections(), range(1, 10_000_000),
            "most long connections this node holds"),
    TCP_MAX_NEW_PER_SECOND("tcp.max.new.per.second", tcp().maxNewConnectionsPerSecond(), range(1, 1_000_000),
            "most new long connections accepted per second"),
    TCP_WRITE_BUFFER_HIGH_BYTES("tcp.write.buffer.high.bytes", tcp().flow().writeBufferHighBytes(),
            range(1_024, 64 * 1024 * 1024),
            "bytes queued on one long connection before it counts as slow (its blocks are then held and merged)"),
    TCP_WRITE_BUFFER_LOW_BYTES("tcp.write.buffer.low.bytes", tcp().flow().writeBufferLowBytes(), range(1, 64 * 1024 * 1024),
            "bytes below which a slow long connection is writable again; at most tcp.write.buffer.high.bytes"),
    TCP_SOCKET_SEND_BUFFER_BYTES("tcp.socket.send.buffer.bytes", tcp().flow().socketSendBufferBytes(), range(0, 64 * 1024 * 1024),
            "SO_SNDBUF of each long connection (0: the OS decides); a fixed size bounds what a slow viewer holds in the kernel"),
    TCP_OUTBOUND_BUDGET_BYTES("tcp.outbound.budget.bytes", tcp().flow().outboundBudgetBytes(), range(0, 1L << 40),
            "node-wide bytes written to long-connection viewers in copies of their own (with TLS every block; plain TCP"
                    + " a viewer's own merged or replayed blocks) and not yet sent; over it, viewers hold and merge their"
                    + " blocks by priority (0: a quarter of the JVM's direct-memory limit)"),
    TCP_MAX_PENDING_BLOCKS("tcp.max.pending.blocks", tcp().push().maxPendingBlocks(), range(1, 100_000),
            "blocks a slow long connection may hold; beyond, they merge by priority"),
    TCP_MAX_PENDING_MS("tcp.max.pending.ms", tcp().push().maxPendingMs(), range(1, 600_000),
            "how long a viewer's oldest held block may wait before its held blocks merge by priority"),
    TCP_MERGED_BLOCK_MAX_ENTRIES("tcp.merged.block.max.entries", tcp().push().mergedBlockMaxEntries(), range(1, 100_000),
            "most messages in the block a slow viewer's pending blocks merge into (CRITICAL never dropped)"),
    TCP_SLOW_TIMEOUT_MS("tcp.slow.timeout.ms", tcp().flow().slowTimeoutMs(), range(100, 3_600_000),
            "a long connection not writable for this long gets Error{SLOW} and is closed"),
    TCP_ACK_LAG_MS("tcp.ack.lag.ms", tcp().flow().ackLagMs(), range(0, 600_000),
            "for clients that acknowledge blocks (Hello.acks): how old their oldest unacknowledged block may get "
                    + "before their next blocks wait and merge on the node (0: acks off)"),
    TCP_ACK_WINDOW_BYTES("tcp.ack.window.bytes", tcp().flow().ackWindowBytes(), range(1_024, 64 * 1024 * 1024),
            "for clients that acknowledge blocks: the unacknowledged bytes at which their next blocks wait and merge "
                    + "on the node (one block always goes)"),
    TCP_GO_AWAY_MAX_DELAY_MS("tcp.go.away.max.delay.ms", tcp().goAwayMaxDelayMs(), range(0, 600_000),
            "on shutdown, GoAway tells each connection to reconnect after a delay drawn from 0 to this"),
    TCP_RESUME_MAX_MESSAGES("tcp.resume.max.messages", tcp().push().resumeMaxMessages(), range(1, 1_000_000),
            "most messages a resume replays before it falls back to the most important one per page"),
    TCP_HELLO_TIMEOUT_MS("tcp.hello.timeout.ms", tcp().helloTimeoutMs(), range(100, 600_000),
            "a long connection that has not sent Hello this long after connecting is closed"),
    TCP_MAX_FRAME_BYTES("tcp.max.frame.bytes", tcp().maxFrameBytes(), range(64, 16 * 1024 * 1024),
            "largest frame a client may send"),
    TCP_IO_THREADS("tcp.io.threads", tcp().threads().ioThreads(), range(0, 1_024), "Netty I/O threads (0: twice the cores)"),
    TCP_BLOCKING_THREADS("tcp.blocking.threads", tcp().threads().blockingThreads(), range(1, 1_024),
            "threads for token checks and resume reads, which may block on the store"),
    TCP_TRANSPORT("tcp.transport", "auto", oneOf(names(ServerThreads.Transport.values())),
            "auto (epoll where its native library loads, else NIO), epoll (or refuse to start) or nio"),
    TCP_TLS_PROVIDER("tcp.tls.provider", "auto", oneOf(names(TlsConfig.Provider.values())),
            "who does the TLS work: auto (BoringSSL from the bundled netty-tcnative, whose native library ships for"
                    + " Linux x86_64 and aarch64, macOS and Windows; the JDK's engine where it does not load), jdk"
                    + " or openssl (BoringSSL or refuse to start)"),
    HEARTBEAT_MS("heartbeat.ms", tcp().heartbeatMs(), range(1_000, 600_000),
            "heartbeat interval told to long-connection clients; silent for 2.5 intervals means dead"),
    API_KEYS("api.keys", "", text("comma-separated keys of 16+ visible characters"),
            "API keys of business servers (empty: generated into data.dir)"),
    TOKEN_SECRET("token.secret", "", text("32+ bytes"), "HS256 secret of user tokens (empty: generated into data.dir)"),
    ROOM_BUDGET("room.budget", (long) DeliveryRules.defaults().admission().messagesPerSecond(), range(1, 10_000_000),
            "messages per second a room accepts before the lowest levels are discarded (with store=redis: the room's, across every node on that Redis)"),
    ROOM_CRITICAL_BUDGET("room.critical.budget", (long) AdmissionPolicy.DEFAULT_CRITICAL_PER_SECOND, range(0, 10_000_000),
            "CRITICAL messages per second a room accepts (past it they are refused at publish; 0: no limit; with store=redis: across every node)"),
    BLOCK_WINDOW_MS("block.window.ms", DeliveryRules.defaults().blocks().windowMillis(), range(1, 60_000),
            "the longest a room gathers messages into one pushed block: the window of a node that is behind"),
    BLOCK_WINDOW_MIN_MS("block.window.min.ms", DeliveryRules.defaults().blocks().shortestWindowMillis(),
            range(1, 60_000), "the shortest block window, that of a node that keeps up (above block.window.ms: that;"
                    + " equal: a fixed window)"),
    BLOCK_QUIET_MS("block.quiet.ms", DeliveryRules.defaults().blocks().quietMillis(), range(0, 3_600_000),
            "after this long without a message, a room's next message goes out at once"),
    RENDER_BUDGET("render.budget", DeliveryRules.defaults().blocks().renderBudgetPerSecond(), range(0, 1_000_000),
            "most messages per second pushed to a viewer (0: no budget)"),
    AGE_GIFT_MS("age.gift.ms", age(Category.GIFT), range(100, 86_400_000),
            "a GIFT message older than this when delivered is dropped and counted as skipped (age); CRITICAL never"),
    AGE_CHAT_MS("age.chat.ms", age(Category.CHAT), range(100, 86_400_000),
            "the same for CHAT messages: a late chat line is worse than none"),
    AGE_NOTIFY_MS("age.notify.ms", age(Category.NOTIFY), range(100, 86_400_000), "the same for NOTIFY messages"),
    AGE_PK_MS("age.pk.ms", age(Category.PK), range(100, 86_400_000), "the same for PK messages"),
    POLL_LIMIT_ADDRESS("poll.limit.address.per.second", HttpLimits.DEFAULT_POLLS_PER_ADDRESS, range(0, HttpLimits.MAX_RATE),
            "polls per second from one remote address, all its viewers together, bursts of 2 s allowed; over it: 429 with"
                    + " Retry-After (0: no limit; behind a proxy see http.trust.forwarded.for)"),
    POLL_LIMIT_VIEWER("poll.limit.viewer.per.second", HttpLimits.DEFAULT_POLLS_PER_VIEWER, range(0, HttpLimits.MAX_RATE),
            "polls per second of one viewer (a guest's viewer parameter, a signed-in user's token), bursts of 2 s;"
                    + " over it: 429 (0: no limit)"),
    AUTH_FAILURES_PER_MINUTE("api.key.failures.per.minute", HttpLimits.DEFAULT_AUTH_FAILURES_PER_MINUTE,
            range(0, HttpLimits.MAX_RATE), "failed API-key checks per minute from one address before its publishes get"
                    + " 429; each failure is logged with the address, never the key (0: no limit)"),
    HTTP_HEADER_TIMEOUT_MS("http.header.timeout.ms", HttpLimits.DEFAULT_HEADER_TIMEOUT_MS,
            range(100, HttpLimits.MAX_TIMEOUT_MS), "longest a request's line and headers may take to arrive; slower: cut"),
    HTTP_BODY_TIMEOUT_MS("http.body.timeout.ms", HttpLimits.DEFAULT_BODY_TIMEOUT_MS, range(100, HttpLimits.MAX_TIMEOUT_MS),
            "longest a publish body may take to arrive after its headers, however it trickles; slower: cut"),
    HTTP_TRUST_FORWARDED_FOR("http.trust.forwarded.for", false, bool(),
            "take a client's address for the limits above from the last X-Forwarded-For entry (the one the proxy in"
                    + " front appended); only behind such a proxy, else clients could claim any address"),
    POLL_CACHE_MS("poll.cache.ms", HttpConfig.DEFAULT_POLL_CACHE_MS, range(0, HttpConfig.MAX_POLL_CACHE_MS),
            "how long a guest's poll answer is reused for the same cursor (0: off)"),
    POLL_SLICE_MS("poll.slice.ms", SlicePolicy.DEFAULT_SLICE_MILLIS, range(0, SlicePolicy.MAX_MILLIS),
            "width of the slices a guest's feed is cut into for HTTP caches (/api/v1/rooms/{id}/slices), 100 ms or"
                    + " more; every node sharing a store must use the same (0: no slices)"),
    POLL_SLICE_CLOSE_MS("poll.slice.close.ms", SlicePolicy.DEFAULT_CLOSE_MILLIS, range(0, SlicePolicy.MAX_MILLIS),
            "how long after its end a slice closes and may be cached for good"),
    RETENTION_COUNT("retention.count", Retention.defaults().maxPerStream(), range(1, 100_000_000),
            "messages kept per stream (room category, user, broadcasts)"),
    RETENTION_SECONDS("retention.seconds", Retention.defaults().longestAgeMillis() / 1_000, range(1, 365L * 24 * 3600),
            "how long messages are kept"),
    LOGGING_FORMAT("logging.format", "text", oneOf(List.of("text", "json")),
            "log lines on standard error: text (ISO-8601 local time with offset) or json (one object per line)"),
    LOGGING_LEVEL("logging.level", "info", oneOf(List.of("error", "warn", "info", "debug", "trace")),
            "the least severe level logged; debug adds the stack trace of a start-up failure"),
    SHUTDOWN_GRACE_MS("shutdown.grace.ms", tcp().drainGraceMillis(), range(0, 600_000),
            "how long a shutdown may take to drain long connections"),
    MEMORY_RETURN_SECONDS("memory.return.seconds", 15, range(0, 3_600),
            "roomcast serve gives unused memory back: heap kept 10-20% free, a concurrent GC after this long without one,"
                    + " glibc's free pages trimmed this often (0: the JVM's own behaviour; JVM flags given win)");

    private final String key;
    private final String defaultValue;
    private final Valid valid;
    private final String description;

    Setting(String key, Object defaultValue, Valid valid, String description) {
        this.key = key;
        this.defaultValue = String.valueOf(defaultValue);
        this.valid = valid;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public Valid valid() {
        return valid;
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
        return Arrays.stream(values()).map(Setting::key).toList();
    }

    private static TcpConfig tcp() {
        return new TcpConfig();
    }

    private static long age(Category category) {
        return Staleness.DEFAULT_MAX_AGE.get(category).toMillis();
    }

    private static RedisStoreConfig redis() {
        return RedisStoreConfig.defaults();
    }

    private static Valid redisWait(long min) {
        return range(min, RedisStoreConfig.LONGEST_WAIT.toMillis());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }
}
