package io.roomcast.bootstrap.config;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The typed, validated configuration of one roomcast node, read from {@link Settings}. Every
 * problem is a {@link ConfigException} naming the setting and the valid values.
 */
public record RoomcastConfig(
        StoreKind store,
        Path dataDir,
        String redisUrl,
        long redisTimeoutMillis,
        String httpHost,
        int httpPort,
        int httpMaxBodyBytes,
        boolean tcpEnabled,
        String tcpHost,
        int tcpPort,
        boolean tcpTls,
        Path tcpCert,
        Path tcpKey,
        List<String> tcpAdvertise,
        int tcpMaxConnections,
        int tcpMaxNewPerSecond,
        int tcpWriteBufferHighBytes,
        int tcpWriteBufferLowBytes,
        String tcpTlsProvider,
        long heartbeatMillis,
        List<String> apiKeys,
        String tokenSecret,
        DeliveryRules rules,
        long pollCacheMillis,
        Retention retention,
        long shutdownGraceMillis) {

    /** Reads and validates every setting; secrets must already be filled (see {@link Secrets}). */
    public static RoomcastConfig from(Settings s) {
        StoreKind store = StoreKind.valueOf(s.oneOf(Setting.STORE, StoreKind.names()).toUpperCase(Locale.ROOT));
        String redisUrl = s.get(Setting.REDIS_URL).trim();
        if (store == StoreKind.REDIS && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw s.invalid(Setting.REDIS_URL, "'" + redisUrl + "' must start with redis:// or rediss://");
        }
        String dataDir = s.get(Setting.DATA_DIR).trim();
        if (dataDir.isEmpty()) {
            throw s.invalid(Setting.DATA_DIR, "must name a directory");
        }
        String cert = s.get(Setting.TCP_CERT).trim();
        String key = s.get(Setting.TCP_KEY).trim();
        if (cert.isEmpty() != key.isEmpty()) {
            throw s.invalid(cert.isEmpty() ? Setting.TCP_CERT : Setting.TCP_KEY,
                    "tcp.cert and tcp.key go together: give both PEM files or neither");
        }
        List<String> advertise = s.list(Setting.TCP_ADVERTISE);
        for (String endpoint : advertise) {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1 || !endpoint.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw s.invalid(Setting.TCP_ADVERTISE, "'" + endpoint + "' is not host:port");
            }
        }
        List<String> apiKeys = s.list(Setting.API_KEYS);
        if (apiKeys.isEmpty()) {
            throw s.invalid(Setting.API_KEYS, "at least one API key is needed");
        }
        for (String apiKey : apiKeys) {
            if (apiKey.length() < 16) {
                throw s.invalid(Setting.API_KEYS, "an API key must be at least 16 characters");
            }
        }
        String secret = s.get(Setting.TOKEN_SECRET);
        if (secret.getBytes(StandardCharsets.UTF_8).length < JwtUserTokens.MIN_SECRET_BYTES) {
            throw s.invalid(Setting.TOKEN_SECRET, "must be at least " + JwtUserTokens.MIN_SECRET_BYTES + " bytes for HS256");
        }
        int writeHigh = s.integer(Setting.TCP_WRITE_BUFFER_HIGH_BYTES, 1_024, 64 * 1024 * 1024);
        DeliveryRules defaults = DeliveryRules.defaults();
        DeliveryRules rules = defaults
                .withAdmission(AdmissionPolicy.ofRate(s.integer(Setting.ROOM_BUDGET, 1, 10_000_000)))
                .withBlocks(new BlockPolicy(s.longValue(Setting.BLOCK_WINDOW_MS, 1, 60_000),
                        s.longValue(Setting.BLOCK_QUIET_MS, 0, 3_600_000),
                        s.integer(Setting.RENDER_BUDGET, 0, 1_000_000)));
        return new RoomcastConfig(
                store,
                Path.of(dataDir),
                redisUrl,
                s.longValue(Setting.REDIS_TIMEOUT_MS, 10, 600_000),
                s.get(Setting.HTTP_HOST).trim(),
                s.integer(Setting.HTTP_PORT, 0, 65_535),
                s.integer(Setting.HTTP_MAX_BODY_BYTES, 1_024, 64 * 1024 * 1024),
                s.bool(Setting.TCP_ENABLED),
                s.get(Setting.TCP_HOST).trim(),
                s.integer(Setting.TCP_PORT, 0, 65_535),
                s.bool(Setting.TCP_TLS),
                cert.isEmpty() ? null : Path.of(cert),
                key.isEmpty() ? null : Path.of(key),
                advertise,
                s.integer(Setting.TCP_MAX_CONNECTIONS, 1, 10_000_000),
                s.integer(Setting.TCP_MAX_NEW_PER_SECOND, 1, 1_000_000),
                writeHigh,
                s.integer(Setting.TCP_WRITE_BUFFER_LOW_BYTES, 1, writeHigh),
                s.oneOf(Setting.TCP_TLS_PROVIDER, List.of("auto", "jdk", "openssl")),
                s.longValue(Setting.HEARTBEAT_MS, 1_000, 3_600_000),
                apiKeys,
                secret,
                rules,
                s.longValue(Setting.POLL_CACHE_MS, 0, 10_000),
                Retention.uniform(s.integer(Setting.RETENTION_COUNT, 1, 100_000_000),
                        Duration.ofSeconds(s.longValue(Setting.RETENTION_SECONDS, 1, 365L * 24 * 3600))),
                s.longValue(Setting.SHUTDOWN_GRACE_MS, 0, 600_000));
    }
}
