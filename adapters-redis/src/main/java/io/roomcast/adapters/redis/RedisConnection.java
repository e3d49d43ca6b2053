package io.roomcast.adapters.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one shared Lettuce connection (thread-safe, no pool) and what its failures become. On
 * a Redis Cluster ({@link RedisClients}) it is a cluster connection: each command goes to the master
 * of its first key's slot, {@code SCRIPT LOAD} to every node, and the client follows the topology.
 * While Redis is unreachable commands are rejected at once, and a command Redis does not answer
 * fails after the command timeout: {@link #call} turns either into a {@link RoomcastException} with
 * {@link ErrorCode#STORE_UNAVAILABLE}; a {@code CROSSSLOT} refusal on a cluster is
 * {@link ErrorCode#INTERNAL}, since retrying cannot help. The connection reconnects by itself, with
 * an exponential delay up to the configured maximum. Thread-safe; {@link #close} once.
 */
final class RedisConnection implements AutoCloseable {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);
    /** Redis Cluster's answer to a command or script whose keys are in several slots. */
    private static final String CROSSSLOT = "CROSSSLOT";
    private static final long CLUSTER_QUIET_MILLIS = 200;

    private final String where;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterCommands<byte[], byte[]> redis;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;

    private RedisConnection(RedisStoreConfig config, ClientResources resources, AbstractRedisClient client,
            StatefulConnection<byte[], byte[]> connection, RedisClusterCommands<byte[], byte[]> redis,
            RedisClusterAsyncCommands<byte[], byte[]> async) {
        this.where = config.redactedUrl();
        this.commandTimeout = config.commandTimeout();
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.redis = redis;
        this.async = async;
    }

    /**
     * Connects to Redis (one server or a cluster, {@link RedisClients}) and runs {@code prepare}
     * (loading scripts) on the new connection.
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis cannot be reached
     *                           within the connect and command timeouts
     */
    static RedisConnection open(RedisStoreConfig config, Consumer<RedisClusterCommands<byte[], byte[]>> prepare) {
        ClientResources resources = RedisClients.resources(config);
        AbstractRedisClient client = null;
        StatefulConnection<byte[], byte[]> connection = null;
        try {
            client = RedisClients.client(config, resources);
            RedisClusterCommands<byte[], byte[]> commands;
            RedisClusterAsyncCommands<byte[], byte[]> async;
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<byte[], byte[]> opened = cluster.connect(ByteArrayCodec.INSTANCE);
                connection = opened;
                commands = opened.sync();
                async = opened.async();
            } else {
                StatefulRedisConnection<byte[], byte[]> opened = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
                connection = opened;
                commands = opened.sync();
                async = opened.async();
            }
            prepare.accept(commands);
            RedisConnection ready = new RedisConnection(config, resources, client, connection, commands, async);
            LOG.info("Redis message store connected to {}{}", config.redactedUrl(), ready.cluster() ? " (Redis Cluster)" : "");
            return ready;
        } catch (RedisException e) {
            release(connection, client, resources);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot use Redis at " + config.redactedUrl()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + describe(e), e);
        } catch (RuntimeException e) {
            release(connection, client, resources);
            throw e;
        }
    }

    /** The server, password redacted, for messages and logs. */
    String where() {
        return where;
    }

    /** Whether this is a Redis Cluster connection. */
    boolean cluster() {
        return client instanceof RedisClusterClient;
    }

    /**
     * Runs one command (or script) on the shared connection.
     *
     * @param operation what the caller was doing, for the error message ("publish", "poll")
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis is unreachable or
     *                           does not answer within the command timeout
     */
    <T> T call(String operation, Function<RedisClusterCommands<byte[], byte[]>, T> command) {
        try {
            return command.apply(redis);
        } catch (RedisException e) {
            throw failure(operation, e);
        }
    }

    /**
     * The connection's asynchronous commands: each command is written at once (auto-flush) and
     * pipelined with every other caller's; on a Redis Cluster it goes to the master of its first
     * key's slot. Await its answer with {@link #await}.
     */
    RedisClusterAsyncCommands<byte[], byte[]> async() {
        return async;
    }

    /**
     * Waits for a command started with {@link #async()}. A {@code NOSCRIPT} answer (the command ran
     * nothing) gives {@code noScript}'s value instead, which may run the command again.
     *
     * @throws RoomcastException as {@link #call} does; {@link ErrorCode#STORE_UNAVAILABLE} also when
     *                           the thread is interrupted while waiting
     */
    <T> T await(String operation, Future<T> answer, Supplier<T> noScript) {
        try {
            // Lettuce times the command out itself (TimeoutOptions); this bound is a backstop.
            return answer.get(2 * commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException) {
                return noScript.get();
            }
            if (e.getCause() instanceof RedisException redisFailure) {
                throw failure(operation, redisFailure);
            }
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " is unavailable, "
                    + operation + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw failure(operation, new RedisCommandTimeoutException(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "interrupted while waiting for the " + operation
                    + " on Redis at " + where, e);
        }
    }

    /** What a failure of Lettuce's becomes. */
    private RoomcastException failure(String operation, RedisException e) {
        if (e instanceof RedisCommandTimeoutException) {
            return new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " did not answer the "
                    + operation + " within " + commandTimeout.toMillis() + " ms", e);
        }
        if (e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage()).startsWith(CROSSSLOT)) {
            // No cause: start-up reports the innermost message, and this one says what to do.
            return new RoomcastException(ErrorCode.INTERNAL, "Redis Cluster at " + where + " refused the " + operation
                    + " (" + e.getMessage() + "): its keys are in several hash slots, so this key layout cannot run"
                    + " on a Redis Cluster; use a single Redis (or a primary with replicas)");
        }
        return new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " is unavailable, "
                + operation + " failed: " + describe(e), e);
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

    /**
     * Closes {@code connection} (when there is one), then the client and its resources. A cluster
     * client's event loops get a short quiet period: a topology refresh it started (after a
     * redirect) may still be connecting, and would otherwise hit loops already gone.
     */
    static void release(StatefulConnection<?, ?> connection, AbstractRedisClient client, ClientResources resources) {
        long quietMillis = client instanceof RedisClusterClient ? CLUSTER_QUIET_MILLIS : 0;
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (client != null) {
                client.shutdown(Duration.ofMillis(quietMillis), Duration.ofSeconds(2));
            }
            resources.shutdown(quietMillis, 2_000, TimeUnit.MILLISECONDS);
        }
    }
}
