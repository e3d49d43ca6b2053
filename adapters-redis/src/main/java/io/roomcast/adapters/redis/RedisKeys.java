package io.roomcast.adapters.redis;

import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import java.nio.charset.StandardCharsets;

/**
 * The names of every key the store writes (layout v2); the layout is documented on
 * {@link RedisMessageStore}. Every key carries its family's hash tag, so each script's keys are in
 * one slot. Ids are {@code [A-Za-z0-9_.-]}, so no id can add a {@code ::}, a brace or a {@code #}
 * of its own.
 */
final class RedisKeys {
    /** The hash tag of the platform's keys: broadcasts and unicast messages. {@code #} is never in an id. */
    static final String PLATFORM = "#platform";

    private RedisKeys() {
    }

    /** The hash tag of a family's keys: the room's id, or {@link #PLATFORM} for {@code null}. */
    static String tag(RoomId room) {
        return room == null ? PLATFORM : room.value();
    }

    /**
     * The sorted set of a stream, in its family's slot: {@code live::{r1}::gift},
     * {@code live::{#platform}::user::u1}, {@code live::{#platform}::broadcast}.
     */
    static String stream(StreamKey stream) {
        if (stream.room() != null) {
            return "live::{" + stream.room().value() + "}::" + stream.category().key();
        }
        return stream.user() != null ? "live::{" + PLATFORM + "}::user::" + stream.user().value()
                : "live::{" + PLATFORM + "}::broadcast";
    }

    /** Hash of a family's head: {@code epoch} (decimal), {@code seq} and {@code millis} of its newest message. */
    static String head(RoomId room) {
        return "live::{" + tag(room) + "}::head";
    }

    /** Hash of a family's trim floors: stream name to {@code millis-seq} of the newest message retention removed. */
    static String trim(RoomId room) {
        return "live::{" + tag(room) + "}::trim";
    }

    /** Hash of a room's latest state messages, by state key. */
    static String state(RoomId room) {
        return "live::{" + room.value() + "}::state";
    }

    /** String: the first message stored under an idempotency key, in its family (keys are unique per room, or per platform). */
    static String idempotency(RoomId room, IdempotencyKey key) {
        return "live::{" + tag(room) + "}::idem::" + key.value();
    }

    /** The room of a message's family: its room for a room message, null (the platform) otherwise. */
    static RoomId familyRoom(Message message) {
        return message.scope() == Scope.ROOM ? message.roomId() : null;
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
    static final String PLATFORM_BUS = "live::{" + PLATFORM + "}::bus";

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
