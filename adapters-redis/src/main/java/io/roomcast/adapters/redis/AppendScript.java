package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.lettuce.core.RedisException;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code append.lua} and its calls. One call stores a batch of one family's messages, in order
 * (idempotency, the room's budget, position, state and, when the cluster bus is on, the publish on
 * its bus channel, message by message; the head, the budget's hash, retention, trim floors and
 * expiries once per batch), and replies per message; a single append is
 * a batch of one. A {@link Call} gathers the messages'
 * keys and arguments; {@link #result} reads one message's reply. Time is the application's
 * {@link Clock}, passed in as an argument: Redis's own clock decides nothing. Thread-safe; a
 * {@link Call} belongs to one thread.
 */
final class AppendScript {
    static final LuaScript APPEND = LuaScript.named("append.lua");

    private static final String OPERATION = "publish";
    private static final byte[] NONE = new byte[0];
    private static final byte[] CRITICAL = bytes("c");
    private static final byte[] OTHER = bytes("n");

    private final RedisConnection connection;
    private final Retention retention;
    private final Clock clock;
    /** Whether appends publish on the cluster bus. */
    private final boolean publish;
    /** Max age per roomcast.v1.Category number 1-4, as script arguments. */
    private final byte[][] categoryAges;
    /** The one age of every category when retention is uniform, else null. */
    private final byte[] uniformAge;

    AppendScript(RedisConnection connection, Retention retention, Clock clock, boolean publish) {
        this.connection = connection;
        this.retention = retention;
        this.clock = clock;
        this.publish = publish;
        this.categoryAges = new byte[Category.values().length][];
        for (Category category : Category.values()) {
            categoryAges[MessageCodec.toProto(category).getNumber() - 1] = number(retention.maxAgeMillis(category));
        }
        long distinctAges = retention.maxAge().values().stream().distinct().count();
        this.uniformAge = distinctAges == 1 ? number(retention.longestAgeMillis()) : null;
    }

    /**
     * Stores {@code message} (not stored yet) as a batch of one, with the room's budget under
     * {@code policy} first (none when null), or finds the one its idempotency key holds.
     */
    AppendResult append(Message message, AdmissionPolicy policy) {
        Call call = new Call();
        call.add(message, policy);
        return result(message, call.run().get(0));
    }

    /**
     * One {@code append.lua} call being gathered: messages of one family, in order. The keys are the
     * family's head, trim floors, the room's budget and state hash (the head again where the batch
     * has none), then each stream once, then the idempotency keys; the arguments what the batch shares
     * once, then seven per message ({@code append.lua}).
     */
    final class Call {
        private final List<byte[]> streams = new ArrayList<>();
        private final Map<StreamKey, Integer> streamIndex = new HashMap<>();
        private final List<byte[]> streamAges = new ArrayList<>();
        private final List<byte[]> idempotencyKeys = new ArrayList<>();
        private final List<byte[]> messageArgs = new ArrayList<>();
        private byte[] head;
        private byte[] trim;
        private byte[] admit;
        private byte[] state;
        private byte[] bus = NONE;
        private AdmissionPolicy budget;

        /** Adds {@code message}, judged by the room's budget under {@code policy} (none when null). */
        void add(Message message, AdmissionPolicy policy) {
            StreamKey stream = StreamKey.of(message);
            RoomId family = RedisKeys.familyRoom(message);
            if (head == null) {
                head = bytes(RedisKeys.head(family));
                trim = bytes(RedisKeys.trim(family));
                if (publish) {
                    bus = bytes(RedisKeys.bus(message));
                }
            }
            Integer s = streamIndex.get(stream);
            if (s == null) {
                s = streams.size() + 1;
                streamIndex.put(stream, s);
                streams.add(bytes(RedisKeys.stream(stream)));
                streamAges.add(stream.room() != null ? number(retention.maxAgeMillis(stream.category()))
                        : uniformAge != null ? uniformAge : NONE);
            }
            int keyed = 0;
            if (message.idempotencyKey() != null) {
                idempotencyKeys.add(bytes(RedisKeys.idempotency(family, message.idempotencyKey())));
                keyed = idempotencyKeys.size();
            }
            boolean stateful = message.isState() && message.roomId() != null;
            if (stateful && state == null) {
                state = bytes(RedisKeys.state(message.roomId()));
            }
            if (policy != null) {
                budget = policy;
                admit = bytes(RedisKeys.admit(message.roomId()));
            }
            messageArgs.add(MessageCodec.encode(message));
            messageArgs.add(number(message.createdAt()));
            messageArgs.add(number(s));
            messageArgs.add(policy == null ? NONE : message.priority() == Priority.CRITICAL ? CRITICAL
                    : decimal(policy.reserved(message.priority())));
            messageArgs.add(number(keyed));
            messageArgs.add(stateful ? bytes(message.stateKey().value()) : NONE);
            messageArgs.add(stateful ? StoredValue.orderKey(message.version()) : NONE);
        }

        /** Runs the call and waits: one reply per message, up to and with a failed one ({@link #result}). */
        List<Object> run() {
            return connection.call(OPERATION, redis -> APPEND.run(redis, keys(), args()));
        }

        /** Starts the call on the shared connection without waiting; {@link #await} its replies. */
        Future<List<Object>> start() {
            try {
                return APPEND.start(connection.async(), keys(), args());
            } catch (RedisException e) {
                // Lettuce fails the future of a command it rejects; a throw is answered the same way.
                return CompletableFuture.failedFuture(e);
            }
        }

        /** The replies of a started call, as {@link #run}'s. */
        List<Object> await(Future<List<Object>> started) {
            // NOSCRIPT: the script ran nothing; run() loads it again and runs the call.
            return connection.await(OPERATION, started, this::run);
        }

        private byte[][] keys() {
            List<byte[]> keys = new ArrayList<>(4 + streams.size() + idempotencyKeys.size());
            keys.add(head);
            keys.add(trim);
            keys.add(admit != null ? admit : head);
            keys.add(state != null ? state : head);
            keys.addAll(streams);
            keys.addAll(idempotencyKeys);
            return keys.toArray(byte[][]::new);
        }

        private byte[][] args() {
            List<byte[]> args = new ArrayList<>(12 + streams.size() + messageArgs.size());
            args.add(number(clock.millis()));
            args.add(number(retention.maxPerStream()));
            args.addAll(Arrays.asList(categoryAges));
            args.add(number(retention.longestAgeMillis()));
            args.add(budget == null ? NONE : decimal(budget.capacity()));
            args.add(budget == null ? NONE : decimal(budget.criticalCapacity()));
            // A new sequence's epoch: random, 31 bits, never 0 (0 means "no epoch" in a cursor).
            args.add(number(1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
            args.add(bus);
            args.add(number(streams.size()));
            args.addAll(streamAges);
            args.addAll(messageArgs);
            return args.toArray(byte[][]::new);
        }
    }

    /**
     * What {@code append.lua} did with {@code message}, from its reply.
     *
     * @throws RoomcastException {@link ErrorCode#STORE_UNAVAILABLE} when storing it failed in Redis
     */
    AppendResult result(Message message, Object reply) {
        List<?> fields = (List<?>) reply;
        long code = (Long) fields.get(0);
        if (code == 3L) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis at " + connection.where()
                    + " is unavailable, " + OPERATION + " failed: " + new String((byte[]) fields.get(1), StandardCharsets.UTF_8));
        }
        if (code == 2L) {
            return new AppendResult.Refused(DropReason.OVERLOAD);
        }
        if (code == 1L) {
            try {
                Message first = StoredValue.decodeMember((byte[]) fields.get(1));
                return new AppendResult.Stored(first.storedAt(first.position().inEpoch(StoreScripts.epoch(fields.get(2)))), true);
            } catch (RuntimeException e) {
                throw new RoomcastException(ErrorCode.INTERNAL, "idempotency key " + message.idempotencyKey()
                        + " in Redis at " + connection.where() + " holds a value that is not a stored message", e);
            }
        }
        long seq = (Long) fields.get(1);
        long millis = (Long) fields.get(2);
        return new AppendResult.Stored(message.storedAt(new Position(millis, seq, StoreScripts.epoch(fields.get(3)))), false);
    }

    private static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    /** A double as Lua's {@code tonumber} reads it back to the same double (shortest round-trip form). */
    private static byte[] decimal(double value) {
        return bytes(Double.toString(value));
    }
}
