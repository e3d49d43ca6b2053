package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.KeyValue;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageStore} on Redis, in the seed's layout; behaves as {@code InMemoryMessageStore}
 * and passes {@code MessageStoreContract}.
 *
 * <h2>Keys</h2>
 * <pre>
 * live::{roomId}::gift|chat|notify|pk  sorted set  one stream per room and category
 * live::{#platform}::user::{userId}    sorted set  one user's unicast messages
 * live::{#platform}::broadcast         sorted set  messages to every room
 *     score = createdAt in epoch ms as stamped (= the position's millis); member = stored value
 * live::{roomId}::head                 hash        the family's sequence: epoch, seq (the last
 * live::{#platform}::head                          position given), millis (the last stamped ms)
 * live::{roomId}::state                hash        state key -> newest version's stored value
 *                                                  (order key = version)
 * live::{roomId}::idem::{key}          string      the first message stored under an idempotency
 * live::{#platform}::idem::{key}                   key in that family; expires with retention
 * live::{roomId}::trim                 hash        stream -> position of the newest message
 * live::{#platform}::trim                          retention removed from it
 * live::{roomId}::admit                hash        the room's rate budget (t, c, at): every node's
 *                                                  room publishes spend from it; expires 10 s idle
 * live::{roomId}::bus                  channel     (sharded pub/sub) each stored room message
 * live::{#platform}::bus               channel     each stored broadcast and unicast message
 * </pre>
 * Every key carries its family's hash tag (a room, or {@code #platform} for broadcasts and
 * unicast), so each script touches one slot (layout v2; README.md lists the node registry and
 * the online counts beside these).
 * A stored value is an 8-byte big-endian order key followed by the protobuf message with its
 * position; {@link StoredValue} explains the choice and gives a byte example.
 *
 * <h2>Scripts and round trips</h2>
 * An append is one Lua script ({@code append.lua}): idempotency check, the room's budget (for
 * {@link #append(Message, AdmissionPolicy)}: the domain {@code RoomBudget} mirrored on the room's
 * {@code admit} hash, so it holds for the room across every node on this Redis), position (the
 * family's {@code head}: the next seq of its epoch, millis never before the last), {@code ZADD}, retention by count and age
 * with the trim floor, the state hash, the idempotency key and the publish on the cluster bus
 * ({@code SPUBLISH}, when {@link RedisStoreConfig#bus()}), atomically (user and broadcast
 * streams mix categories: there each message ages by its own category, oldest first, as in the
 * reference store). {@link #appendAll} runs the same script once per family of the batch, over all
 * of that family's messages in order, the families' calls pipelined ({@link BatchAppends}); inside
 * it the head and the budget are read and written once, each run of one stream's messages is one
 * {@code ZADD}, and retention, trim floors and expiries are applied once per stream. Time is the
 * application's {@link Clock}, passed in as an argument: Redis's own clock decides nothing. A poll
 * is one script ({@code read-since.lua}) over every stream of the feed plus the trim floors, merged
 * here by {@link FeedMerge}. Scripts are loaded once and run by digest; {@link AppendScript} holds
 * the append's call, {@link StoreScripts} the reads' and {@link FeedReads} the decoding and merge of
 * what they read.
 *
 * <h2>Failures</h2>
 * One shared Lettuce connection, thread-safe, no pool. While Redis is unreachable commands are
 * rejected at once, and a command Redis does not answer fails after the command timeout: either is
 * a {@link RoomcastException} with {@link ErrorCode#STORE_UNAVAILABLE}; the connection comes back
 * by itself. {@link #connect} fails fast in the same way when Redis cannot be reached at start, so
 * a misconfigured server does not come up half-working. A publish that timed out may still be
 * applied once Redis answers again; publishers make retries safe with an idempotency key. Values
 * that are not stored messages (written by something else, corrupted) are logged and skipped, never
 * returned or fatal: the scripts take a member only when its order key, trailing position and score
 * agree, and Java skips one whose protobuf does not decode ({@link ValueReader}). The connection and
 * the translation of its failures are {@link RedisConnection}'s.
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>One Redis (or a primary with replicas) or a Redis Cluster (several seeds in the URL, or a
 *     node that says {@code cluster_enabled:1}): every script's keys carry one family's hash tag, so
 *     each runs in one slot. All broadcasts and room-less unicast share the {@code {#platform}} slot:
 *     their throughput is one Redis core's.</li>
 * <li>A member copied in from another store, with a consistent but out-of-order position, breaks
 *     "rank order is position order" and can hide the messages next to it from readers.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class RedisMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);

    private final Retention retention;
    private final Clock clock;
    private final RedisConnection connection;
    private final StoreScripts scripts;
    private final AppendScript appends;
    private final BatchAppends batches;
    private final ValueReader values;
    private final FeedReads reads;
    private volatile boolean closed;

    private RedisMessageStore(RedisConnection connection, Retention retention, Clock clock, boolean bus) {
        this.retention = retention;
        this.clock = clock;
        this.connection = connection;
        this.scripts = new StoreScripts(connection, retention);
        this.appends = new AppendScript(connection, retention, clock, bus);
        this.batches = new BatchAppends(appends);
        this.values = new ValueReader(connection.where());
        this.reads = new FeedReads(scripts, values);
    }

    /**
     * Connects to Redis and loads the scripts.
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when Redis cannot be reached
     *                           within the connect and command timeouts
     */
    static RedisMessageStore connect(RedisStoreConfig config, Retention retention, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        RedisConnection connection = RedisConnection.open(config, StoreScripts::load);
        try {
            return new RedisMessageStore(connection, retention, clock, config.bus());
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public AppendResult.Stored append(Message message) {
        checkAppendable(message);
        return (AppendResult.Stored) appends.append(message, null);
    }

    @Override
    public AppendResult append(Message message, AdmissionPolicy policy) {
        checkAppendable(message);
        RoomcastException.required(policy, "policy");
        if (message.scope() != Scope.ROOM) {
            throw new IllegalArgumentException("only room messages have a room budget: " + message.id());
        }
        return appends.append(message, policy);
    }

    /**
     * One {@code append.lua} call per family of the batch (in rounds, {@link BatchAppends}), pipelined
     * on the shared connection: on a Redis Cluster each family's call goes to its own master.
     */
    @Override
    public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
        RoomcastException.required(messages, "messages");
        MessageStore.requireUnstored(messages);
        checkOpen();
        return batches.appendAll(messages, policy);
    }

    private void checkAppendable(Message message) {
        RoomcastException.required(message, "message");
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        checkOpen();
    }

    @Override
    public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
        RoomcastException.required(key, "idempotencyKey");
        checkOpen();
        String name = RedisKeys.idempotency(room, key);
        byte[] value = connection.call("idempotency lookup", redis -> redis.get(bytes(name)));
        if (value == null) {
            return Optional.empty();
        }
        Optional<Message> found = values.decodeOrReport(name, value, StoredValue::decodeMember);
        long now = clock.millis();
        long epoch = epoch(room);
        return found.filter(m -> now - m.createdAt() <= retention.longestAgeMillis())
                .map(m -> FeedReads.stamped(m, epoch));
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        RoomcastException.required(feed, "feed");
        RoomcastException.required(after, "cursor");
        checkMax(max);
        checkOpen();
        return reads.since(feed, after, max);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        RoomcastException.required(feed, "feed");
        checkMax(max);
        checkOpen();
        return reads.latest(feed, max);
    }

    @Override
    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {
        RoomcastException.required(room, "roomId");
        checkMax(max);
        checkOpen();
        if (toMillis <= clock.millis() - retention.shortestAgeMillis()) {
            return SliceRead.GONE;
        }
        return reads.slice(room, fromMillis, toMillis, max);
    }

    @Override
    public List<Message> latestStates(RoomId room) {
        RoomcastException.required(room, "roomId");
        checkOpen();
        String name = RedisKeys.state(room);
        Map<byte[], byte[]> all = connection.call("state read", redis -> redis.hgetall(bytes(name)));
        long epoch = epoch(room);
        long now = clock.millis();
        List<Message> states = new ArrayList<>(all.size());
        for (byte[] value : all.values()) {
            values.decodeOrReport(name, value, StoredValue::decode)
                    .filter(m -> now - m.createdAt() <= retention.maxAgeMillis(m.category()))
                    .map(m -> FeedReads.stamped(m, epoch))
                    .ifPresent(states::add);
        }
        states.sort(Message.ORDER);
        return states;
    }

    @Override
    public Cursor head(RoomId room) {
        RoomcastException.required(room, "roomId");
        checkOpen();
        return new Cursor(head(RedisKeys.head(room)), head(RedisKeys.head(null)));
    }

    /** A family's head: epoch and seq of its newest message, {@code 0-0} when it has none. */
    private Cursor.Part head(String key) {
        List<KeyValue<byte[], byte[]>> fields = connection.call("head read",
                redis -> redis.hmget(bytes(key), bytes("epoch"), bytes("seq")));
        if (!fields.get(0).hasValue() || !fields.get(1).hasValue()) {
            return Cursor.Part.ORIGIN;
        }
        return new Cursor.Part(parseLong(fields.get(0).getValue()), parseLong(fields.get(1).getValue()));
    }

    /** The epoch of a family's sequence ({@code room} null: the platform's), 0 when it has none. */
    private long epoch(RoomId room) {
        byte[] epoch = connection.call("head read", redis -> redis.hget(bytes(RedisKeys.head(room)), bytes("epoch")));
        return epoch == null ? 0 : parseLong(epoch);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        LOG.info("Redis message store disconnected from {}", connection.where());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private static void checkMax(int max) {
        if (max < 1) {
            throw RoomcastException.invalid("max", "must be at least 1, got " + max);
        }
    }

    private static long parseLong(byte[] ascii) {
        return Long.parseLong(new String(ascii, StandardCharsets.US_ASCII));
    }
}
