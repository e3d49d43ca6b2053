package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
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
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageStore} on Redis, in the seed's layout; behaves as {@code InMemoryMessageStore}
 * and passes {@code MessageStoreContract}.
 *
 * <h2>Keys</h2>
 * <pre>
 * live::{roomId}::gift|chat|notify|pk  sorted set  one stream per room and category
 * live::user::{userId}                 sorted set  one user's unicast messages
 * live::broadcast                      sorted set  messages to every room
 *     score = createdAt in epoch ms as stamped (= the position's millis); member = stored value
 * live::{roomId}::state                hash        state key -> newest version's stored value
 *                                                  (order key = version)
 * live::idem::{key}                    string      the first message stored under an idempotency
 *                                                  key; expires after the longest retention age
 * live::seq                            string      INCR counter: the last position's seq
 * live::clock                          string      the last position's millis
 * live::trim                           hash        stream name -> "millis-seq" of the newest
 *                                                  message retention removed from it
 * </pre>
 * A stored value is an 8-byte big-endian order key followed by the protobuf message with its
 * position; {@link StoredValue} explains the choice and gives a byte example.
 *
 * <h2>Scripts and round trips</h2>
 * An append is one Lua script ({@code append.lua}): idempotency check, position ({@code INCR
 * live::seq}, millis never before {@code live::clock}), {@code ZADD}, retention by count and age
 * with the trim floor, the state hash and the idempotency key, atomically (user and broadcast
 * streams mix categories: there each message ages by its own category, oldest first, as in the
 * reference store). Time is the
 * application's {@link Clock}, passed in as an argument: Redis's own clock decides nothing. A poll
 * is one script ({@code read-since.lua}) over every stream of the feed plus the trim floors, merged
 * here by {@link FeedMerge}. Scripts are loaded once and run by digest.
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
 * agree, and Java skips one whose protobuf does not decode.
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>One Redis (or a primary with replicas), not Redis Cluster: the scripts touch keys of many
 *     slots ({@code live::seq} is global).</li>
 * <li>The seed's names can meet: room {@code user} shares {@code live::user::gift} with the unicast
 *     stream of user {@code gift}, and room {@code idem} with idempotency key {@code gift}.</li>
 * <li>A member copied in from another store, with a consistent but out-of-order position, breaks
 *     "rank order is position order" and can hide the messages next to it from readers.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class RedisMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);
    private static final int MAX_REPORTED_BAD_KEYS = 10_000;
    private static final byte[] YES = bytes("1");
    private static final byte[] NO = bytes("0");
    private static final byte[] NONE = new byte[0];

    private static final LuaScript APPEND = LuaScript.named("append.lua");
    private static final LuaScript READ_SINCE = LuaScript.named("read-since.lua");
    private static final LuaScript READ_LATEST = LuaScript.named("read-latest.lua");

    private final Retention retention;
    private final Clock clock;
    private final String where;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    /** Max age per roomcast.v1.Category number 1-4, as script arguments. */
    private final byte[][] categoryAges;
    /** The one age of every category when retention is uniform, else null. */
    private final byte[] uniformAge;
    private final Set<String> reportedBadKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RedisMessageStore(RedisStoreConfig config, Retention retention, Clock clock, ClientResources resources,
            RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.retention = retention;
        this.clock = clock;
        this.where = config.redactedUrl();
        this.commandTimeout = config.commandTimeout();
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.categoryAges = new byte[Category.values().length][];
        for (Category category : Category.values()) {
            categoryAges[MessageCodec.toProto(category).getNumber() - 1] = number(retention.maxAgeMillis(category));
        }
        long distinctAges = retention.maxAge().values().stream().distinct().count();
        this.uniformAge = distinctAges == 1 ? number(retention.longestAgeMillis()) : null;
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
        RedisURI uri = RedisURI.create(config.url());
        uri.setTimeout(config.commandTimeout());
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        StatefulRedisConnection<byte[], byte[]> connection = null;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            RedisCommands<byte[], byte[]> commands = connection.sync();
            for (LuaScript script : List.of(APPEND, READ_SINCE, READ_LATEST)) {
                script.load(commands);
            }
            RedisMessageStore store = new RedisMessageStore(config, retention, clock, resources, client, connection);
            LOG.info("Redis message store connected to {}", config.redactedUrl());
            return store;
        } catch (RedisException e) {
            release(connection, client, resources);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "cannot use Redis at " + config.redactedUrl()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + describe(e), e);
        } catch (RuntimeException e) {
            release(connection, client, resources);
            throw e;
        }
    }

    @Override
    public AppendResult append(Message message) {
        RoomcastException.required(message, "message");
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        checkOpen();
        StreamKey stream = StreamKey.of(message);
        List<byte[]> keys = new ArrayList<>(6);
        keys.add(bytes(RedisKeys.stream(stream)));
        keys.add(bytes(RedisKeys.SEQ));
        keys.add(bytes(RedisKeys.CLOCK));
        keys.add(bytes(RedisKeys.TRIM));
        boolean keyed = message.idempotencyKey() != null;
        boolean stateful = message.isState() && message.roomId() != null;
        if (keyed) {
            keys.add(bytes(RedisKeys.idempotency(message.idempotencyKey())));
        }
        if (stateful) {
            keys.add(bytes(RedisKeys.state(message.roomId())));
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
        };
        List<Object> reply = call("publish", () -> APPEND.run(redis, keys.toArray(byte[][]::new), args));
        if ((Long) reply.get(0) == 1L) {
            try {
                return new AppendResult(StoredValue.decodeMember((byte[]) reply.get(1)), true);
            } catch (RuntimeException e) {
                throw new RoomcastException(ErrorCode.INTERNAL, "idempotency key " + message.idempotencyKey()
                        + " in Redis at " + where + " holds a value that is not a stored message", e);
            }
        }
        long seq = (Long) reply.get(1);
        long millis = (Long) reply.get(2);
        return new AppendResult(message.storedAt(new Cursor(millis, seq)), false);
    }

    @Override
    public Optional<Message> findByIdempotencyKey(IdempotencyKey key) {
        RoomcastException.required(key, "idempotencyKey");
        checkOpen();
        String name = RedisKeys.idempotency(key);
        byte[] value = call("idempotency lookup", () -> redis.get(bytes(name)));
        if (value == null) {
            return Optional.empty();
        }
        Optional<Message> found = decodeOrReport(name, value, StoredValue::decodeMember);
        long now = clock.millis();
        return found.filter(m -> now - m.createdAt() <= retention.longestAgeMillis());
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        RoomcastException.required(feed, "feed");
        RoomcastException.required(after, "cursor");
        checkMax(max);
        checkOpen();
        List<StreamKey> streams = StreamKey.of(feed);
        byte[][] keys = new byte[streams.size() + 1][];
        for (int i = 0; i < streams.size(); i++) {
            keys[i] = bytes(RedisKeys.stream(streams.get(i)));
        }
        keys[streams.size()] = bytes(RedisKeys.TRIM);
        List<Object> reply = readSince(keys, after, max);
        List<FeedMerge.StreamRead> reads = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            String name = RedisKeys.stream(streams.get(i));
            List<?> part = (List<?>) reply.get(i);
            Cursor floor = position(RedisKeys.TRIM + " field " + name, (byte[]) part.get(1));
            boolean gap = !after.equals(Cursor.ORIGIN) && floor != null && floor.isAfter(after);
            StreamPage page = page(name, part, after);
            // A truncated page whose members all failed to decode (values forged to pass the script's
            // check) cannot bound the merge, and the merge would skip what follows: read on past them.
            while (page.truncated() && page.messages().isEmpty() && page.last() != null) {
                List<Object> again = readSince(new byte[][] {keys[i], keys[streams.size()]}, page.last(), max);
                page = page(name, (List<?>) again.get(0), page.last());
            }
            reads.add(new FeedMerge.StreamRead(page.messages(), page.truncated(), gap));
        }
        return FeedMerge.since(reads, after, max);
    }

    /** One stream's answer from read-since.lua, its members decoded. */
    private record StreamPage(List<Message> messages, boolean truncated, Cursor last) {
    }

    private List<Object> readSince(byte[][] keys, Cursor after, int max) {
        return call("poll", () -> READ_SINCE.run(redis, keys, number(after.millis()), number(after.seq()), number(max)));
    }

    private StreamPage page(String name, List<?> part, Cursor after) {
        reportSkipped(name, (Long) part.get(2));
        Cursor last = position(name, (byte[]) part.get(3));
        List<Message> messages = decodeMembers(name, part.subList(4, part.size()));
        // Only a member copied in from elsewhere, its position out of order, could land before the cursor.
        messages.removeIf(m -> !m.position().isAfter(after));
        return new StreamPage(messages, (Long) part.get(0) == 1L, last);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        RoomcastException.required(feed, "feed");
        checkMax(max);
        checkOpen();
        List<StreamKey> streams = StreamKey.of(feed);
        byte[][] keys = streams.stream().map(s -> bytes(RedisKeys.stream(s))).toArray(byte[][]::new);
        List<Object> reply = call("latest read", () -> READ_LATEST.run(redis, keys, number(max)));
        List<FeedMerge.StreamRead> reads = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            String name = RedisKeys.stream(streams.get(i));
            List<?> part = (List<?>) reply.get(i);
            reportSkipped(name, (Long) part.get(0));
            List<Message> newestFirst = decodeMembers(name, part.subList(1, part.size()));
            List<Message> messages = new ArrayList<>(newestFirst.size());
            for (int j = newestFirst.size() - 1; j >= 0; j--) {
                messages.add(newestFirst.get(j));
            }
            reads.add(new FeedMerge.StreamRead(messages, false, false));
        }
        return FeedMerge.latest(reads, max);
    }

    @Override
    public List<Message> latestStates(RoomId room) {
        RoomcastException.required(room, "roomId");
        checkOpen();
        String name = RedisKeys.state(room);
        Map<byte[], byte[]> all = call("state read", () -> redis.hgetall(bytes(name)));
        long now = clock.millis();
        List<Message> states = new ArrayList<>(all.size());
        for (byte[] value : all.values()) {
            decodeOrReport(name, value, StoredValue::decode)
                    .filter(m -> now - m.createdAt() <= retention.maxAgeMillis(m.category()))
                    .ifPresent(states::add);
        }
        states.sort(Comparator.comparing(Message::position));
        return states;
    }

    @Override
    public Cursor head() {
        checkOpen();
        List<KeyValue<byte[], byte[]>> values = call("head read",
                () -> redis.mget(bytes(RedisKeys.CLOCK), bytes(RedisKeys.SEQ)));
        if (!values.get(0).hasValue() || !values.get(1).hasValue()) {
            return Cursor.ORIGIN;
        }
        return new Cursor(parseLong(values.get(0).getValue()), parseLong(values.get(1).getValue()));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        release(connection, client, resources);
        LOG.info("Redis message store disconnected from {}", where);
    }

    // --- failures -------------------------------------------------------------------------------

    private <T> T call(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisCommandTimeoutException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " did not answer the "
                    + operation + " within " + commandTimeout.toMillis() + " ms", e);
        } catch (RedisException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + where + " is unavailable, "
                    + operation + " failed: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static void release(StatefulRedisConnection<byte[], byte[]> connection, RedisClient client,
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

    // --- values written by someone else ---------------------------------------------------------

    private List<Message> decodeMembers(String key, List<?> members) {
        List<Message> messages = new ArrayList<>(members.size());
        for (Object member : members) {
            decodeOrReport(key, (byte[]) member, StoredValue::decodeMember).ifPresent(messages::add);
        }
        return messages;
    }

    private Optional<Message> decodeOrReport(String key, byte[] value, Function<byte[], Message> decoder) {
        try {
            return Optional.of(decoder.apply(value));
        } catch (RuntimeException e) {
            report(key, value.length + "-byte value is not a stored message, skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void reportSkipped(String key, long skipped) {
        if (skipped > 0) {
            report(key, skipped + " member(s) not written by roomcast, skipped");
        }
    }

    /** A position the scripts wrote as {@code millis-seq} (a trim floor, a page's last member); null when empty. */
    private Cursor position(String where, byte[] text) {
        if (text.length == 0) {
            return null;
        }
        String position = new String(text, StandardCharsets.US_ASCII);
        try {
            return Cursor.parse(position);
        } catch (RoomcastException e) {
            report(where, "holds '" + position + "', not a position; ignored");
            return null;
        }
    }

    /** Warns once per key (bounded), then logs at debug: bad data must not flood the log on every poll. */
    private void report(String key, String problem) {
        if (reportedBadKeys.size() >= MAX_REPORTED_BAD_KEYS) {
            reportedBadKeys.clear();
        }
        if (reportedBadKeys.add(key)) {
            LOG.warn("Redis at {}: key {}: {}", where, key, problem);
        } else {
            LOG.debug("Redis at {}: key {}: {}", where, key, problem);
        }
    }

    private static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    private static long parseLong(byte[] ascii) {
        return Long.parseLong(new String(ascii, StandardCharsets.US_ASCII));
    }
}
