package io.roomcast.adapters.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.roomcast.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain Lettuce connection for tests: looks at what the store wrote, plants bad data, flushes.
 * The Redis is the shared one of {@link #sharedUrl()}: {@code REDIS_URL} when set, else one
 * {@link RedisServerProcess} started for the whole test JVM.
 */
final class RawRedis implements AutoCloseable {
    private static String sharedUrl;
    private static RawRedis shared;

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;

    private RawRedis(String url) {
        client = RedisClient.create(url);
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    static RawRedis connect(String url) {
        return new RawRedis(url);
    }

    /** The Redis the integration tests share (its data is flushed between stores). */
    static synchronized String sharedUrl() {
        if (sharedUrl == null) {
            sharedUrl = RedisServerProcess.externalUrl().orElseGet(() -> {
                try {
                    RedisServerProcess server = RedisServerProcess.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-redis-stop"));
                    return server.url();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return sharedUrl;
    }

    /** One connection to {@link #sharedUrl()} for the whole test JVM, closed when it ends. */
    static synchronized RawRedis shared() {
        if (shared == null) {
            shared = connect(sharedUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "shared-redis-connection-close"));
        }
        return shared;
    }

    RedisCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    void flush() {
        commands().flushdb();
    }

    static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
