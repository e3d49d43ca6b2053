package io.roomcast.adapters.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the Redis store connects: where, and how long it waits before it reports the store
 * unavailable. Validated when built; {@link #toString()} never shows a password. The keys users
 * set these with are bootstrap's ({@code redis.url}, {@code redis.timeout.ms}, ...).
 *
 * @param url               a Lettuce Redis URI, {@code redis://[:password@]host[:port][/database]} or
 *                          {@code rediss://...} for TLS; default {@value #DEFAULT_URL}. For a Redis
 *                          Cluster, one node's URI (cluster mode is detected: {@code INFO cluster}
 *                          says {@code cluster_enabled:1}) or several, comma-separated: the seeds
 *                          the client learns the cluster's topology from ({@link #seeds()})
 * @param commandTimeout    the longest a publish or poll waits for Redis; default 2 s
 * @param connectTimeout    the longest a connection attempt takes; default 2 s
 * @param maxReconnectDelay the longest pause between reconnection attempts while Redis is down
 *                          (attempts back off exponentially from 1 ms up to this); default 1 s
 * @param bus               whether every stored message is published on the cluster bus
 *                          ({@code live::{roomId}::bus}, {@code live::{#platform}::bus}) for the
 *                          push cores of every node; default true
 */
public record RedisStoreConfig(String url, Duration commandTimeout, Duration connectTimeout, Duration maxReconnectDelay,
                               boolean bus) {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    /** The longest any of the waits may be: a request thread must never hang on Redis. */
    public static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^@/?#]*@");

    public RedisStoreConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: is required");
        }
        url = url.strip();
        for (String seed : split(url)) {
            try {
                RedisURI.create(seed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("url: '" + redact(seed) + "' is not a Redis URI such as "
                        + DEFAULT_URL + " (" + e.getMessage() + ")", e);
            }
        }
        check("commandTimeout", commandTimeout);
        check("connectTimeout", connectTimeout);
        check("maxReconnectDelay", maxReconnectDelay);
    }

    /** Redis on this machine's default port; 2 s timeouts; reconnect attempts at least every second. */
    public static RedisStoreConfig defaults() {
        return new RedisStoreConfig(DEFAULT_URL, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), true);
    }

    public RedisStoreConfig withUrl(String url) {
        return new RedisStoreConfig(url, commandTimeout, connectTimeout, maxReconnectDelay, bus);
    }

    public RedisStoreConfig withCommandTimeout(Duration timeout) {
        return new RedisStoreConfig(url, timeout, connectTimeout, maxReconnectDelay, bus);
    }

    public RedisStoreConfig withConnectTimeout(Duration timeout) {
        return new RedisStoreConfig(url, commandTimeout, timeout, maxReconnectDelay, bus);
    }

    public RedisStoreConfig withMaxReconnectDelay(Duration delay) {
        return new RedisStoreConfig(url, commandTimeout, connectTimeout, delay, bus);
    }

    public RedisStoreConfig withBus(boolean on) {
        return new RedisStoreConfig(url, commandTimeout, connectTimeout, maxReconnectDelay, on);
    }

    /**
     * The URIs {@link #url} lists, in order: one for a single Redis (or one node of a cluster), several
     * for a Redis Cluster's seeds. Several mean cluster mode.
     */
    public List<String> seeds() {
        return split(url);
    }

    /** The URL with any user and password replaced by {@code ***}, for logs and error messages. */
    public String redactedUrl() {
        return split(url).stream().map(RedisStoreConfig::redact).collect(Collectors.joining(","));
    }

    private static List<String> split(String url) {
        List<String> seeds = Arrays.stream(url.split(",")).map(String::strip).toList();
        if (seeds.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("url: '" + redact(url) + "' has an empty entry; list seeds as "
                    + "redis://host1:port1,redis://host2:port2");
        }
        return seeds;
    }

    @Override
    public String toString() {
        return "RedisStoreConfig[url=" + redactedUrl() + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout + ", maxReconnectDelay=" + maxReconnectDelay + ", bus=" + bus + "]";
    }

    private static String redact(String url) {
        Matcher m = USER_INFO.matcher(url);
        return m.find() ? m.group(1) + "***@" + url.substring(m.end()) : url;
    }

    private static void check(String key, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        if (value.isNegative() || value.isZero() || value.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException(key + ": must be more than 0 and at most " + LONGEST_WAIT.toSeconds()
                    + "s, got " + value.toMillis() + "ms");
        }
    }
}
