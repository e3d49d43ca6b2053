package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The store's Lua scripts, loaded together, and the calls of its reads: the keys and arguments each
 * script takes, in its order. {@code read-since.lua}, {@code read-latest.lua} and {@code slice.lua}
 * read the streams of a feed, their replies parsed by {@link FeedReads}; the appends are
 * {@link AppendScript}'s. Thread-safe.
 */
final class StoreScripts {
    private static final LuaScript READ_SINCE = LuaScript.named("read-since.lua");
    private static final LuaScript READ_LATEST = LuaScript.named("read-latest.lua");
    private static final LuaScript SLICE = LuaScript.named("slice.lua");

    private final RedisConnection connection;
    private final Retention retention;

    StoreScripts(RedisConnection connection, Retention retention) {
        this.connection = connection;
        this.retention = retention;
    }

    /** Loads every script into Redis, once per connection; they run by digest afterwards. */
    static void load(RedisClusterCommands<byte[], byte[]> redis) {
        for (LuaScript script : List.of(AppendScript.APPEND, READ_SINCE, READ_LATEST, SLICE)) {
            script.load(redis);
        }
    }

    /** An epoch as a script returns it (a decimal bulk string; '' or '0' when the family has none). */
    static long epoch(Object reply) {
        byte[] text = (byte[]) reply;
        return text == null || text.length == 0 ? 0 : Long.parseLong(new String(text, StandardCharsets.US_ASCII));
    }

    /**
     * {@code read-since.lua} over one family's stream keys followed by its trim and head keys:
     * {@code [head epoch, head seq, other epoch]}, then per stream
     * {@code [truncated, trim floor, skipped, last position, member...]}.
     */
    List<Object> readSince(byte[][] keys, Cursor.Part after, int max) {
        return connection.call("poll",
                redis -> READ_SINCE.run(redis, keys, number(after.seq()), number(Math.max(0, after.epoch())), number(max)));
    }

    /**
     * {@code read-latest.lua} over one family's stream keys followed by its head key:
     * {@code [head epoch, head seq]}, then per stream {@code [skipped, member...]}, newest first.
     */
    List<Object> readLatest(byte[][] keys, int max) {
        return connection.call("latest read", redis -> READ_LATEST.run(redis, keys, number(max)));
    }

    /**
     * {@code slice.lua} over one family's guest stream keys, its trim floors and its head: closes
     * {@code [from, to)} in that family and reads it; {@code [gone, epoch]}, then per stream
     * {@code [truncated, skipped, member...]}.
     */
    List<Object> closeSlice(byte[][] keys, long from, long to, int max) {
        return connection.call("slice read", redis -> SLICE.run(redis, keys, number(from), number(to), number(max),
                number(retention.longestAgeMillis())));
    }

    private static byte[] number(long value) {
        return bytes(Long.toString(value));
    }
}
