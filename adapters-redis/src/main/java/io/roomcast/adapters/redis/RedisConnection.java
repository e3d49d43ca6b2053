package io.roomcast.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one shared Lettuce connection (thread-safe, no pool) and what its failures become.
 * While Redis is unreachable commands are rejected at once, and a command Redis does not answer
 * fails after the command timeout: {@link #call} turns either into a {@link RoomcastException} with
 * {@link ErrorCode#STORE_UNAVAILABLE}. The connection reconnects by itself, with an exponential
 * delay up to the configured maximum. Thread-safe; {@link #close} once.
 */
final class RedisConnection implements AutoCloseable {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);

    private final String where;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;

    private RedisConnection(RedisStoreConfig config, ClientResources resources, RedisClient client,
            StatefulRedisConnection<byte[], byte[]> connection) {
        this.where = config.redactedUrl();
        this.commandTimeout = config.commandTimeout();
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
    }

    /**
     * Connects to Redis and runs {@code prepare} (loading scripts) on the new connection.
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis cannot be reached
     *                           within the connect and command timeouts
     */
    static RedisConnection open(RedisStoreConfig config, Consumer<RedisCommands<byte[], byte[]>> prepare) {
        ClientResources resources = resources(config);
        RedisClient client = client(config, resources);
        StatefulRedisConnection<byte[], byte[]> connection = null;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            prepare.accept(connection.sync());
            RedisConnection opened = new RedisConnection(config, resources, client, connection);
            LOG.info("Redis message store connected to {}", config.redactedUrl());
            return opened;
        } catch (RedisException e) {
            release(connection, client, resources);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot use Redis at " + config.redactedUrl()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + describe(e), e);
        } catch (RuntimeException e) {
            release(connection, client, resources);
            throw e;
        }
    }

    /** Client resources of their own (event loops, reconnect delay: exponential from 1 ms up to the configured maximum). */
    static ClientResources resources(RedisStoreConfig config) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /** A client that reconnects by itself and rejects commands at once while disconnected. */
    static RedisClient client(RedisStoreConfig config, ClientResources resources) {
        RedisURI uri = RedisURI.create(config.url());
        uri.setTimeout(config.commandTimeout());
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        return client;
    }

    /** The server, password redacted, for messages and logs. */
    String where() {
        return where;
    }

    /**
     * Runs one command (or script) on the shared connection.
     *
     * @param operation what the caller was doing, for the error message ("publish", "poll")
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis is unreachable or
     *                           does not answer within the command timeout
     */
    <T> T call(String operation, Function<RedisCommands<byte[], byte[]>, T> command) {
        try {
            return command.apply(redis);
        } catch (RedisCommandTimeoutException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " did not answer the "
                    + operation + " within " + commandTimeout.toMillis() + " ms", e);
        } catch (RedisException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " is unavailable, "
                    + operation + " failed: " + describe(e), e);
        }
    }

    @Override
    public void close() {
        release(connection, client, resources);
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    static void release(StatefulRedisConnection<byte[], byte[]> connection, RedisClient client,
            ClientResources resources) {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
