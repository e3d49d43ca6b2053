package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store's Lua scripts and their calls: the keys and arguments each script takes, in its
 * order. {@code append.lua} stores one message atomically (idempotency, the room's budget, position,
 * retention, state, idempotency key) and, when the cluster bus is on, publishes it on its bus channel in the same step; {@code read-since.lua} and {@code read-latest.lua} read the streams of a feed,
 * their replies parsed by {@link FeedReads}. Time is the application's {@link Clock}, passed in as
 * an argument: Redis's own clock decides nothing. Thread-safe.
 */
final class StoreScripts {
    private static final byte[] YES = bytes("1");
    private static final byte[] NO = bytes("0");
    private static final byte[] NONE = new byte[0];
    private static final byte[] CRITICAL = bytes("c");
    private static final byte[] OTHER = bytes("n");

    private static final LuaScript APPEND = LuaScript.named("append.lua");
    private static final LuaScript READ_SINCE = LuaScript.named("read-since.lua");
    private static final LuaScript READ_LATEST = LuaScript.named("read-latest.lua");
    private static final LuaScript SLICE = LuaScript.named("slice.lua");

    private final RedisConnection connection;
    private final Retention retention;
    private final Clock clock;
    /** Whether appends publish on the cluster bus. */
    private final boolean publish;
    /** Max age per roomcast.v1.Category number 1-4, as script arguments. */
    private final byte[][] categoryAges;
    /** The one age of every category when retention is uniform, else null. */
    private final byte[] uniformAge;

    StoreScripts(RedisConnection connection, Retention retention, Clock clock, boolean publish) {
        this.connection = connection;
        this.publish = publish;
        this.retention = retention;
        this.clock = clock;
        this.categoryAges = new byte[Category.values().length][];
        for (Category category : Category.values()) {
            categoryAges[MessageCodec.toProto(category).getNumber() - 1] = number(retention.maxAgeMillis(category));
        }
        long distinctAges = retention.maxAge().values().stream().distinct().count();
        this.uniformAge = distinctAges == 1 ? number(retention.longestAgeMillis()) : null;
    }

    /** Loads every script into Redis, once per connection; they run by digest afterwards. */
    static void load(RedisClusterCommands<byte[], byte[]> redis) {
        for (LuaScript script : List.of(APPEND, READ_SINCE, READ_LATEST, SLICE)) {
            script.load(redis);
        }
    }

    /** Stores {@code message} (not stored yet) with {@code append.lua}, or finds the one its idempotency key holds. */
    AppendResult.Stored append(Message message) {
        return (AppendResult.Stored) append(message, null);
    }

    /**
     * As {@link #append(Message)}, but {@code append.lua} first runs the room's budget (the domain
     * {@code RoomBudget} under {@code policy}, or none when null) on the room's {@code admit} hash.
     */
    AppendResult append(Message message, AdmissionPolicy policy) {
        StreamKey stream = StreamKey.of(message);
        RoomId family = RedisKeys.familyRoom(message);
        List<byte[]> keys = new ArrayList<>(6);
        keys.add(bytes(RedisKeys.stream(stream)));
        keys.add(bytes(RedisKeys.head(family)));
        keys.add(bytes(RedisKeys.trim(family)));
        boolean keyed = message.idempotencyKey() != null;
        boolean stateful = message.isState() && message.roomId() != null;
        if (keyed) {
            keys.add(bytes(RedisKeys.idempotency(family, message.idempotencyKey())));
        }
        if (stateful) {
            keys.add(bytes(RedisKeys.state(message.roomId())));
        }
        if (policy != null) {
            keys.add(bytes(RedisKeys.admit(message.roomId())));
        }
        byte[] streamAge = stream.room() != null ? number(retention.maxAgeMillis(stream.category()))
                : uniformAge != null ? uniformAge : NONE;
        byte[][] args = {
            MessageCodec.encode(message),
            number(message.createdAt()),
            number(clock.millis()),
            number(retention.maxPerStream()),
            streamAge,
            categoryAges[0], categoryAges[1], categoryAges[2], categoryAges[3],
            keyed ? YES : NO,
            number(retention.longestAgeMillis()),
            stateful ? YES : NO,
            stateful ? bytes(message.stateKey().value()) : NONE,
            StoredValue.orderKey(message.version()),
            publish ? bytes(RedisKeys.bus(message)) : NONE,
            policy == null ? NONE : message.priority() == Priority.CRITICAL ? CRITICAL : OTHER,
            policy == null ? NONE : decimal(policy.capacity()),
            policy == null ? NONE : decimal(policy.reserved(message.priority())),
            policy == null ? NONE : decimal(policy.criticalCapacity()),
            // A new sequence's epoch: random, 31 bits, never 0 (0 means "no epoch" in a cursor).
            number(1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)),
        };
        List<Object> reply = connection.call("publish", redis -> APPEND.run(redis, keys.toArray(byte[][]::new), args));
        if ((Long) reply.get(0) == 2L) {
            return new AppendResult.Refused(DropReason.OVERLOAD);
        }
        if ((Long) reply.get(0) == 1L) {
            try {
                Message first = StoredValue.decodeMember((byte[]) reply.get(1));
                return new AppendResult.Stored(first.storedAt(first.position().inEpoch(epoch(reply.get(2)))), true);
            } catch (RuntimeException e) {
                throw new RoomcastException(ErrorCode.INTERNAL, "idempotency key " + message.idempotencyKey()
                        + " in Redis at " + connection.where() + " holds a value that is not a stored message", e);
            }
        }
        long seq = (Long) reply.get(1);
        long millis = (Long) reply.get(2);
        return new AppendResult.Stored(message.storedAt(new Position(millis, seq, epoch(reply.get(3)))), false);
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

    /** A double as Lua's {@code tonumber} reads it back to the same double (shortest round-trip form). */
    private static byte[] decimal(double value) {
        return bytes(Double.toString(value));
    }
}
