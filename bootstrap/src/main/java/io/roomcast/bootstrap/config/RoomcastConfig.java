package io.roomcast.bootstrap.config;

import io.roomcast.adapters.chronicle.ChronicleStoreConfig;
import io.roomcast.adapters.http.HttpConfig;
import io.roomcast.adapters.http.HttpLimits;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.adapters.redis.RedisStoreConfig;
import io.roomcast.adapters.tcp.PushLimits;
import io.roomcast.adapters.tcp.ServerThreads;
import io.roomcast.adapters.tcp.TcpConfig;
import io.roomcast.adapters.tcp.TlsConfig;
import io.roomcast.adapters.tcp.ViewerFlow;
import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.policy.SlicePolicy;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Staleness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The typed, validated configuration of one roomcast node: each module's own configuration, read
 * from {@link Settings}. This is the one place a setting reaches a module. Every problem is a
 * {@link ConfigException} naming the setting and its valid values, also when a module's own
 * validation finds it (see {@link Settings#build}).
 *
 * @param http the HTTP API's configuration; when {@code tcp.advertise} is empty its endpoints are
 *             empty here and the launcher fills in this host and the bound long-connection port
 * @param tcp  the long-connection server's configuration (also when {@code tcpEnabled} is false);
 *             a copy, so the caller cannot change this one
 * @param nodeId       this node's id in the node registry ({@code node.id}, or a random one)
 * @param nodeEndpoint the endpoint it registers ({@code node.endpoint}); empty: the launcher names
 *                     this host and the bound long-connection port
 * @param slices       how guests' feeds are cut into slices an HTTP cache can keep ({@code poll.slice.ms})
 */
public record RoomcastConfig(
        StoreKind store,
        Path dataDir,
        HttpConfig http,
        boolean tcpEnabled,
        TcpConfig tcp,
        RedisStoreConfig redis,
        String tokenSecret,
        DeliveryRules rules,
        Retention retention,
        String nodeId,
        String nodeEndpoint,
        HttpLimits httpLimits,
        SlicePolicy slices) {

    /** The field names HttpConfig's messages start with, and the setting each comes from. */
    private static final Map<String, Setting> HTTP_FIELDS = Map.of(
            "host", Setting.HTTP_HOST,
            "port", Setting.HTTP_PORT,
            "maxBodyBytes", Setting.HTTP_MAX_BODY_BYTES,
            "apiKeys", Setting.API_KEYS,
            "advertisedTcpEndpoints", Setting.TCP_ADVERTISE,
            "heartbeatMs", Setting.HEARTBEAT_MS,
            "pollCacheMs", Setting.POLL_CACHE_MS,
            "corsOrigins", Setting.HTTP_CORS_ORIGINS);
    /** The same for TcpConfig: the fields whose checks look at more than the one value. */
    private static final Map<String, Setting> TCP_FIELDS = Map.of(
            "TcpConfig.host", Setting.TCP_HOST,
            "TcpConfig.certPem", Setting.TCP_CERT,
            "TcpConfig.keyPem", Setting.TCP_KEY,
            "TcpConfig.writeBufferLowBytes", Setting.TCP_WRITE_BUFFER_LOW_BYTES);
    private static final Map<String, Setting> REDIS_FIELDS = Map.of("url", Setting.REDIS_URL);

    public RoomcastConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(httpLimits, "httpLimits");
        tcp = tcp.copy().validate();
    }

    @Override
    public TcpConfig tcp() {
        return tcp.copy();
    }

    /** The Chronicle store's configuration: queue files under {@code dataDir}, this node's retention. */
    public ChronicleStoreConfig chronicle() {
        return ChronicleStoreConfig.in(dataDir).withRetention(retention);
    }

    /** Reads and validates every setting; secrets must already be filled (see {@link Secrets}). */
    public static RoomcastConfig from(Settings s) {
        StoreKind store = StoreKind.valueOf(s.oneOf(Setting.STORE).toUpperCase(Locale.ROOT));
        String dataDir = s.text(Setting.DATA_DIR);
        if (dataDir.isEmpty()) {
            throw s.invalid(Setting.DATA_DIR, "must name a directory");
        }
        String redisUrl = s.text(Setting.REDIS_URL);
        for (String seed : redisUrl.split(",")) {
            String url = seed.strip();
            if (!(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                throw s.invalid(Setting.REDIS_URL, "'" + url + "' is not a Redis URL");
            }
        }
        String secret = tokenSecret(s);
        // Logging is set up by the launcher before a node starts; checked here so one pass checks every setting.
        s.oneOf(Setting.LOGGING_FORMAT);
        s.oneOf(Setting.LOGGING_LEVEL);
        // Read (and checked) whatever the store; only the Redis store has a bus, the others ignore it, so an
        // example file listing every setting at its default works with every store.
        boolean cluster = s.bool(Setting.CLUSTER_ENABLED);
        long heartbeatMs = s.longValue(Setting.HEARTBEAT_MS);
        HttpConfig http = s.build(HTTP_FIELDS, () -> HttpConfig.defaults(new LinkedHashSet<>(s.list(Setting.API_KEYS)))
                .withHost(s.text(Setting.HTTP_HOST))
                .withPort(s.integer(Setting.HTTP_PORT))
                .withMaxBodyBytes(s.integer(Setting.HTTP_MAX_BODY_BYTES))
                .withAdvertisedTcpEndpoints(s.list(Setting.TCP_ADVERTISE))
                .withHeartbeatMs(Math.toIntExact(heartbeatMs))
                .withPollCacheMs(s.integer(Setting.POLL_CACHE_MS))
                .withCorsOrigins(s.list(Setting.HTTP_CORS_ORIGINS)));
        TcpConfig tcp = s.build(TCP_FIELDS, () -> tcpConfig(s, heartbeatMs).validate());
        RedisStoreConfig redis = s.build(REDIS_FIELDS, () -> RedisStoreConfig.defaults()
                .withUrl(redisUrl)
                .withCommandTimeout(Duration.ofMillis(s.longValue(Setting.REDIS_TIMEOUT_MS)))
                .withConnectTimeout(Duration.ofMillis(s.longValue(Setting.REDIS_CONNECT_TIMEOUT_MS)))
                .withMaxReconnectDelay(Duration.ofMillis(s.longValue(Setting.REDIS_RECONNECT_DELAY_MAX_MS)))
                .withBus(cluster));
        DeliveryRules rules = DeliveryRules.defaults()
                .withAdmission(AdmissionPolicy.ofRate(s.integer(Setting.ROOM_BUDGET))
                        .withCriticalRate(s.longValue(Setting.ROOM_CRITICAL_BUDGET)))
                .withBlocks(new BlockPolicy(s.longValue(Setting.BLOCK_WINDOW_MS), s.longValue(Setting.BLOCK_QUIET_MS),
                        s.integer(Setting.RENDER_BUDGET))
                        .withWindow(s.longValue(Setting.BLOCK_WINDOW_MIN_MS), s.longValue(Setting.BLOCK_WINDOW_MS)))
                .withStaleness(new Staleness(Map.of(
                        Category.GIFT, Duration.ofMillis(s.longValue(Setting.AGE_GIFT_MS)),
                        Category.CHAT, Duration.ofMillis(s.longValue(Setting.AGE_CHAT_MS)),
                        Category.NOTIFY, Duration.ofMillis(s.longValue(Setting.AGE_NOTIFY_MS)),
                        Category.PK, Duration.ofMillis(s.longValue(Setting.AGE_PK_MS)))));
        return new RoomcastConfig(
                store,
                s.path(Setting.DATA_DIR),
                http,
                s.bool(Setting.TCP_ENABLED),
                tcp,
                redis,
                secret,
                rules,
                Retention.uniform(s.integer(Setting.RETENTION_COUNT),
                        Duration.ofSeconds(s.longValue(Setting.RETENTION_SECONDS))),
                nodeId(s),
                nodeEndpoint(s),
                new HttpLimits(s.integer(Setting.POLL_LIMIT_ADDRESS), s.integer(Setting.POLL_LIMIT_VIEWER),
                        s.integer(Setting.AUTH_FAILURES_PER_MINUTE), s.integer(Setting.HTTP_HEADER_TIMEOUT_MS),
                        s.integer(Setting.HTTP_BODY_TIMEOUT_MS), s.bool(Setting.HTTP_TRUST_FORWARDED_FOR)),
                slices(s));
    }

    private static SlicePolicy slices(Settings s) {
        long width = s.longValue(Setting.POLL_SLICE_MS);
        if (width != 0 && width < 100) {
            throw s.invalid(Setting.POLL_SLICE_MS, width + " ms is too narrow: 0 (no slices) or 100-" + SlicePolicy.MAX_MILLIS);
        }
        return new SlicePolicy(width, s.longValue(Setting.POLL_SLICE_CLOSE_MS));
    }

    private static String nodeId(Settings s) {
        String id = s.text(Setting.NODE_ID);
        if (id.isEmpty()) {
            return "n-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()).substring(2);
        }
        if (!NodeInfo.validId(id)) {
            throw s.invalid(Setting.NODE_ID, "'" + id + "' is not 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        return id;
    }

    private static String nodeEndpoint(Settings s) {
        String endpoint = s.text(Setting.NODE_ENDPOINT);
        int colon = endpoint.lastIndexOf(':');
        if (!endpoint.isEmpty() && (colon <= 0 || !validPort(endpoint.substring(colon + 1)))) {
            throw s.invalid(Setting.NODE_ENDPOINT, "'" + endpoint + "' is not host:port with a port of 1-65535");
        }
        return endpoint;
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65_535;
    }

    private static TcpConfig tcpConfig(Settings s, long heartbeatMs) {
        boolean hasCert = !s.text(Setting.TCP_CERT).isEmpty();
        boolean hasKey = !s.text(Setting.TCP_KEY).isEmpty();
        return new TcpConfig()
                .host(s.text(Setting.TCP_HOST))
                .port(s.integer(Setting.TCP_PORT))
                .tls(new TlsConfig(s.bool(Setting.TCP_TLS),
                        hasCert ? s.path(Setting.TCP_CERT) : null,
                        hasKey ? s.path(Setting.TCP_KEY) : null,
                        TlsConfig.Provider.valueOf(s.oneOf(Setting.TCP_TLS_PROVIDER).toUpperCase(Locale.ROOT))))
                .advertisedEndpoints(s.list(Setting.TCP_ADVERTISE))
                .heartbeatMs(heartbeatMs)
                .helloTimeoutMs(s.longValue(Setting.TCP_HELLO_TIMEOUT_MS))
                .maxFrameBytes(s.integer(Setting.TCP_MAX_FRAME_BYTES))
                .maxConnections(s.integer(Setting.TCP_MAX_CONNECTIONS))
                .maxNewConnectionsPerSecond(s.integer(Setting.TCP_MAX_NEW_PER_SECOND))
                .flow(ViewerFlow.defaults()
                        .withWriteBufferHighBytes(s.integer(Setting.TCP_WRITE_BUFFER_HIGH_BYTES))
                        .withWriteBufferLowBytes(s.integer(Setting.TCP_WRITE_BUFFER_LOW_BYTES))
                        .withSocketSendBufferBytes(s.integer(Setting.TCP_SOCKET_SEND_BUFFER_BYTES))
                        .withOutboundBudgetBytes(s.longValue(Setting.TCP_OUTBOUND_BUDGET_BYTES))
                        .withSlowTimeoutMs(s.longValue(Setting.TCP_SLOW_TIMEOUT_MS))
                        .withAckLagMs(s.longValue(Setting.TCP_ACK_LAG_MS))
                        .withAckWindowBytes(s.integer(Setting.TCP_ACK_WINDOW_BYTES)))
                .push(PushLimits.defaults()
                        .withMaxPendingBlocks(s.integer(Setting.TCP_MAX_PENDING_BLOCKS))
                        .withMaxPendingMs(s.longValue(Setting.TCP_MAX_PENDING_MS))
                        .withMergedBlockMaxEntries(s.integer(Setting.TCP_MERGED_BLOCK_MAX_ENTRIES))
                        .withResumeMaxMessages(s.integer(Setting.TCP_RESUME_MAX_MESSAGES)))
                .drainGraceMillis(s.longValue(Setting.SHUTDOWN_GRACE_MS))
                .goAwayMaxDelayMs(s.longValue(Setting.TCP_GO_AWAY_MAX_DELAY_MS))
                .threads(new ServerThreads(
                        ServerThreads.Transport.valueOf(s.oneOf(Setting.TCP_TRANSPORT).toUpperCase(Locale.ROOT)),
                        s.integer(Setting.TCP_IO_THREADS),
                        s.integer(Setting.TCP_BLOCKING_THREADS)));
    }

    /** The user token secret, checked: at least {@value JwtUserTokens#MIN_SECRET_BYTES} bytes for HS256. */
    public static String tokenSecret(Settings s) {
        String secret = s.get(Setting.TOKEN_SECRET);
        if (secret.getBytes(StandardCharsets.UTF_8).length < JwtUserTokens.MIN_SECRET_BYTES) {
            throw s.invalid(Setting.TOKEN_SECRET, "must be at least " + JwtUserTokens.MIN_SECRET_BYTES + " bytes for HS256");
        }
        return secret;
    }
}
