package io.roomcast.adapters.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One of the store's Lua scripts: {@code stored-value.lua} (the shared format helpers), then the
 * helper files it names (local functions written once, shared by several scripts), then
 * the script itself, loaded into Redis once and run by its SHA-1 ({@code EVALSHA}). Redis forgets
 * scripts when it restarts or on {@code SCRIPT FLUSH}; a {@code NOSCRIPT} answer loads it again
 * and retries once. On a Redis Cluster {@code SCRIPT LOAD} goes to every node and {@code EVALSHA}
 * to the master of the first key's slot, so a master that restarted, or joined, is loaded again on
 * its first {@code NOSCRIPT}. Immutable and thread-safe.
 */
final class LuaScript {
    private static final String PRELUDE = "stored-value.lua";

    private final String name;
    private final byte[] source;
    private final String sha;

    private LuaScript(String name, byte[] source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** The script {@code name} from this package's resources, after the shared prelude and {@code helpers}, in order. */
    static LuaScript named(String name, String... helpers) {
        StringBuilder text = new StringBuilder(resource(PRELUDE)).append('\n');
        for (String helper : helpers) {
            text.append(resource(helper)).append('\n');
        }
        text.append(resource(name));
        return new LuaScript(name, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    String name() {
        return name;
    }

    String sha() {
        return sha;
    }

    /** Loads the script into Redis ({@code SCRIPT LOAD}). */
    void load(RedisClusterCommands<byte[], byte[]> redis) {
        String loaded = redis.scriptLoad(source);
        if (!sha.equalsIgnoreCase(loaded)) {
            throw new IllegalStateException("Redis gave " + name + " the digest " + loaded + ", expected " + sha);
        }
    }

    /** Runs the script; its reply is a Redis array (nested arrays are lists, integers longs, strings bytes). */
    List<Object> run(RedisClusterCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis restarted or its script cache was flushed since we loaded it.
            load(redis);
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
    }

    /**
     * Starts the script on the shared connection without waiting (pipelined with whatever else is in
     * flight); on a Redis Cluster it goes to the master of the first key's slot. A {@code NOSCRIPT}
     * answer is the caller's to handle, with {@link #run}, which loads the script again.
     */
    RedisFuture<List<Object>> start(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
        return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            Objects.requireNonNull(in, () -> "missing script resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
