package io.roomcast.adapters.redis;

import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import java.nio.charset.StandardCharsets;

/**
 * The names of every key the store writes; the layout is documented on {@link RedisMessageStore}.
 * Ids are {@code [A-Za-z0-9_.-]}, so no id can add a {@code ::} of its own.
 */
final class RedisKeys {
    /** String counter: the last sequence number given ({@code INCR}). */
    static final String SEQ = "live::seq";
    /** String: the last millisecond stamped on a position, so positions never go back in time. */
    static final String CLOCK = "live::clock";
    /** Hash: stream name to the position ({@code millis-seq}) of the newest message retention removed. */
    static final String TRIM = "live::trim";

    private RedisKeys() {
    }

    /** The seed's sorted set of a stream: {@code live::r1::gift}, {@code live::user::u1}, {@code live::broadcast}. */
    static String stream(StreamKey stream) {
        return stream.name();
    }

    /** Hash of a room's latest state messages, by state key. */
    static String state(RoomId room) {
        return "live::" + room.value() + "::state";
    }

    /** String: the first message stored under an idempotency key. */
    static String idempotency(IdempotencyKey key) {
        return "live::idem::" + key.value();
    }

    /**
     * Hash of a room's rate budget, as {@code append.lua} keeps it: {@code t} tokens, {@code c}
     * {@code CRITICAL} tokens, {@code at} the millisecond they were counted at. The room id is the
     * hash tag, as on the bus.
     */
    static String admit(RoomId room) {
        return "live::{" + room.value() + "}::admit";
    }

    /**
     * Hash of a room's viewer counts, as {@code online.lua} keeps it: node id to
     * {@code count:expiresAt} (Redis's milliseconds).
     */
    static String online(RoomId room) {
        return "live::{" + room.value() + "}::online";
    }

    /**
     * Hash of the node registry: node id to {@code "<expires at, epoch ms> <entry JSON>"}
     * ({@code registry.lua}, {@link NodeEntries}).
     */
    static final String NODES = "live::{#cluster}::nodes";

    /** Shard channel of the bus for the platform: broadcasts and unicast messages. */
    static final String PLATFORM_BUS = "live::{#platform}::bus";

    /** Shard channel of the bus for one room's messages; the room id is the hash tag. */
    static String bus(RoomId room) {
        return "live::{" + room.value() + "}::bus";
    }

    /** The bus channel a stored {@code message} is published on. */
    static String bus(Message message) {
        return message.scope() == Scope.ROOM ? bus(message.roomId()) : PLATFORM_BUS;
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
