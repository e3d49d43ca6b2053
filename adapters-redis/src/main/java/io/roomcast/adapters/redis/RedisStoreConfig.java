package io.roomcast.adapters.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the Redis store connects: where, and how long it waits before it reports the store
 * unavailable. Validated when built; {@link #toString()} never shows a password.
 *
 * <p>Keys (for configuration files, flags and environment mapped by bootstrap):
 * <ul>
 * <li>{@value #URL}: a Lettuce Redis URI, {@code redis://[:password@]host[:port][/database]} or
 *     {@code rediss://...} for TLS; default {@value #DEFAULT_URL}</li>
 * <li>{@value #COMMAND_TIMEOUT}: the longest a publish or poll waits for Redis; default 2s</li>
 * <li>{@value #CONNECT_TIMEOUT}: the longest a connection attempt takes; default 2s</li>
 * <li>{@value #RECONNECT_DELAY_MAX}: the longest pause between reconnection attempts while Redis
 *     is down (attempts back off exponentially from 1 ms up to this); default 1s</li>
 * </ul>
 * Durations are written {@code 500ms}, {@code 2s}, {@code 1m} or in ISO-8601 ({@code PT2S}).
 */
public record RedisStoreConfig(String url, Duration commandTimeout, Duration connectTimeout, Duration maxReconnectDelay) {
    public static final String URL = "redis.url";
    public static final String COMMAND_TIMEOUT = "redis.command-timeout";
    public static final String CONNECT_TIMEOUT = "redis.connect-timeout";
    public static final String RECONNECT_DELAY_MAX = "redis.reconnect-delay-max";
    /** Every key, in the order of the record's components. */
    public static final List<String> KEYS = List.of(URL, COMMAND_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_DELAY_MAX);

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private static final String PREFIX = "redis.";
    /** A longer wait would defeat failing fast; a request thread must never hang on Redis. */
    private static final Duration LONGEST = Duration.ofMinutes(1);
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^@/?#]*@");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    public RedisStoreConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL + ": is required");
        }
        url = url.strip();
        try {
            RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(URL + ": '" + redact(url) + "' is not a Redis URI such as "
                    + DEFAULT_URL + " (" + e.getMessage() + ")", e);
        }
        check(COMMAND_TIMEOUT, commandTimeout);
        check(CONNECT_TIMEOUT, connectTimeout);
        check(RECONNECT_DELAY_MAX, maxReconnectDelay);
    }

    /** Redis on this machine's default port; 2 s timeouts; reconnect attempts at least every second. */
    public static RedisStoreConfig defaults() {
        return new RedisStoreConfig(DEFAULT_URL, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    /**
     * The defaults overridden by the {@code redis.*} entries of {@code properties}; entries with other
     * prefixes belong to other modules and are ignored. An unknown {@code redis.*} key is an error
     * that lists the known ones.
     */
    public static RedisStoreConfig fromProperties(Map<String, String> properties) {
        RedisStoreConfig config = defaults();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String value = Objects.requireNonNull(e.getValue(), () -> key + ": has no value");
            config = switch (key) {
                case URL -> config.withUrl(value);
                case COMMAND_TIMEOUT -> config.withCommandTimeout(parseDuration(key, value));
                case CONNECT_TIMEOUT -> config.withConnectTimeout(parseDuration(key, value));
                case RECONNECT_DELAY_MAX -> config.withMaxReconnectDelay(parseDuration(key, value));
                default -> throw new IllegalArgumentException(key + ": unknown Redis store setting, known ones are " + KEYS);
            };
        }
        return config;
    }

    /** This configuration as {@link #fromProperties} reads it (the password included). */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(URL, url);
        properties.put(COMMAND_TIMEOUT, commandTimeout.toMillis() + "ms");
        properties.put(CONNECT_TIMEOUT, connectTimeout.toMillis() + "ms");
        properties.put(RECONNECT_DELAY_MAX, maxReconnectDelay.toMillis() + "ms");
        return properties;
    }

    public RedisStoreConfig withUrl(String url) {
        return new RedisStoreConfig(url, commandTimeout, connectTimeout, maxReconnectDelay);
    }

    public RedisStoreConfig withCommandTimeout(Duration timeout) {
        return new RedisStoreConfig(url, timeout, connectTimeout, maxReconnectDelay);
    }

    public RedisStoreConfig withConnectTimeout(Duration timeout) {
        return new RedisStoreConfig(url, commandTimeout, timeout, maxReconnectDelay);
    }

    public RedisStoreConfig withMaxReconnectDelay(Duration delay) {
        return new RedisStoreConfig(url, commandTimeout, connectTimeout, delay);
    }

    /** The URL with any user and password replaced by {@code ***}, for logs and error messages. */
    public String redactedUrl() {
        return redact(url);
    }

    @Override
    public String toString() {
        return "RedisStoreConfig[url=" + redactedUrl() + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout + ", maxReconnectDelay=" + maxReconnectDelay + "]";
    }

    private static String redact(String url) {
        Matcher m = USER_INFO.matcher(url);
        return m.find() ? m.group(1) + "***@" + url.substring(m.end()) : url;
    }

    private static void check(String key, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        if (value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(key + ": must be more than 0 and at most " + LONGEST.toSeconds()
                    + "s, got " + value.toMillis() + "ms");
        }
    }

    private static Duration parseDuration(String key, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration such as 500ms, 2s, 1m or PT2S", e);
        }
    }
}
