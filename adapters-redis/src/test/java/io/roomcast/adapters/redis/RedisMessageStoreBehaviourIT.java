package io.roomcast.adapters.redis;

import io.roomcast.testing.Cursors;
import static io.roomcast.adapters.redis.RawRedis.b;
import static io.roomcast.adapters.redis.RawRedis.s;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.critical;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.codec.MessageCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the contract cannot see: the layout in Redis, bad data, lost scripts, an absent Redis, Guice. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisMessageStoreBehaviourIT {
    private static final Retention ROOMY = Retention.uniform(100_000, Duration.ofHours(1));

    private static RawRedis raw;
    private static RedisCommands<byte[], byte[]> redis;

    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");
    private final List<MessageStore> stores = new ArrayList<>();

    @BeforeAll
    static void connect() {
        raw = RawRedis.connect(RawRedis.sharedUrl());
        redis = raw.commands();
    }

    @AfterAll
    static void disconnect() {
        raw.close();
    }

    @BeforeEach
    void flush() {
        raw.flush();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(MessageStore::close);
    }

    private MessageStore store(Retention retention) {
        MessageStore store = RedisMessageStore.connect(config(), retention, clock);
        stores.add(store);
        return store;
    }

    private static RedisStoreConfig config() {
        return RedisStoreConfig.defaults().withUrl(RawRedis.sharedUrl());
    }

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static List<MessageId> readAll(MessageStore store, Feed feed, int page) {
        List<MessageId> all = new ArrayList<>();
        Cursor cursor = Cursor.ORIGIN;
        ReadResult read;
        do {
            read = store.readSince(feed, cursor, page);
            all.addAll(ids(read.messages()));
            cursor = read.through();
        } while (read.more());
        return all;
    }

    // --- layout -----------------------------------------------------------------------------------

    @Test
    void givenMessagesOfEveryKind_redisHoldsThemInTheSeedLayout() {
        MessageStore store = store(ROOMY);
        Message gift = store.append(giftWorth(r1, 500, Priority.HIGH, clock.advance(1))).stored();
        store.append(chat(r1, clock.advance(1)));
        store.append(critical(r1, clock.advance(1)));
        Message score = store.append(withKey(state(r1, "pk.score", 7, clock.advance(1)), "order-1")).stored();
        store.append(toUser(user("alice"), clock.advance(1)));
        Message last = store.append(broadcast(clock.advance(1))).stored();

        Set<String> keys = redis.keys("live::*").stream().map(RawRedis::s).collect(Collectors.toSet());
        assertThat(keys).containsExactlyInAnyOrder("live::{r1}::gift", "live::{r1}::chat", "live::{r1}::notify",
                "live::{r1}::pk", "live::{#platform}::user::alice", "live::{#platform}::broadcast", "live::{r1}::state", "live::{r1}::idem::order-1",
                "live::{r1}::head", "live::{#platform}::head");
        for (String stream : List.of("live::{r1}::gift", "live::{r1}::chat", "live::{r1}::notify", "live::{r1}::pk",
                "live::{#platform}::user::alice", "live::{#platform}::broadcast")) {
            assertThat(redis.type(b(stream))).as(stream).isEqualTo("zset");
            assertThat(redis.zcard(b(stream))).as(stream).isEqualTo(1);
            assertThat(redis.pttl(b(stream))).as("an idle stream expires: " + stream).isPositive()
                    .isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        }
        assertThat(redis.pttl(b("live::{r1}::state"))).isPositive().isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        assertThat(redis.type(b("live::{r1}::state"))).isEqualTo("hash");
        assertThat(redis.type(b("live::{r1}::idem::order-1"))).isEqualTo("string");
        assertThat(redis.pttl(b("live::{r1}::idem::order-1"))).isPositive().isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        assertThat(s(redis.hget(b("live::{r1}::head"), b("seq")))).isEqualTo("4");
        assertThat(s(redis.hget(b("live::{r1}::head"), b("millis")))).isEqualTo(Long.toString(score.position().millis()));
        assertThat(s(redis.hget(b("live::{#platform}::head"), b("seq")))).isEqualTo("2");
        assertThat(s(redis.hget(b("live::{#platform}::head"), b("millis")))).isEqualTo(Long.toString(last.position().millis()));

        byte[] member = redis.zrange(b("live::{r1}::gift"), 0, -1).get(0);
        assertThat(redis.zscore(b("live::{r1}::gift"), member)).isEqualTo((double) gift.createdAt());
        assertThat(Arrays.copyOf(member, 8)).isEqualTo(StoredValue.orderKey(gift.position().seq()));
        assertThat(MessageCodec.decode(Arrays.copyOfRange(member, 8, member.length))).isEqualTo(plain(gift));

        byte[] stateValue = redis.hget(b("live::{r1}::state"), b("pk.score"));
        assertThat(Arrays.copyOf(stateValue, 8)).isEqualTo(StoredValue.orderKey(7));
        assertThat(MessageCodec.decode(Arrays.copyOfRange(stateValue, 8, stateValue.length))).isEqualTo(plain(score));
    }

    @Test
    void givenRetentionRemovedMessages_trimHashHoldsTheNewestRemovedPosition() {
        MessageStore store = store(Retention.uniform(2, Duration.ofHours(1)));
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(store.append(chat(r1, clock.advance(1))).stored());
        }
        assertThat(redis.zcard(b("live::{r1}::chat"))).isEqualTo(2);
        assertThat(s(redis.hget(b("live::{r1}::trim"), b("live::{r1}::chat")))).isEqualTo(stored.get(2).position().millis() + "-" + stored.get(2).position().seq());
    }

    // --- bad data -----------------------------------------------------------------------------------

    /**
     * A member of ours whose protobuf body got corrupted: order key, trailing position and score
     * agree, so the scripts take it, but field 1 claims 127 bytes that are not there.
     */
    private static void zaddCorrupted(byte[] key, long millis, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(StoredValue.orderKey(seq));
        out.writeBytes(new byte[] {0x0a, 0x7f});
        out.write(0x40);
        out.writeBytes(varint(millis));
        out.write(0x48);
        out.writeBytes(varint(seq));
        redis.zadd(key, millis, out.toByteArray());
    }

    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (; n >= 0x80; n >>>= 7) {
            out.write((int) (n & 0x7F) | 0x80);
        }
        out.write((int) n);
        return out.toByteArray();
    }

    @Test
    void givenGarbageInStreams_pollsSkipThemAndReturnEveryMessage() {
        MessageStore store = store(ROOMY);
        Message first = store.append(chat(r1, clock.advance(1))).stored();
        byte[] key = b("live::{r1}::chat");
        redis.zadd(key, clock.millis(), b("not a message"));
        redis.zadd(key, clock.millis() + 1, new byte[] {7});
        zaddCorrupted(key, clock.millis() + 1, redis.incr(b("live::seq"))); // takes seq 2, as an append would
        redis.zadd(key, clock.millis() + 2, Arrays.copyOf(StoredValue.orderKey(3), 20)); // zeros after the key
        redis.zadd(b("live::{#platform}::broadcast"), 0, b("{\"legacy\":\"json\"}"));
        Message second = store.append(chat(r1, clock.advance(5))).stored();

        Feed feed = Feed.guest(r1);
        assertThat(ids(store.readSince(feed, Cursor.ORIGIN, 10).messages())).containsExactly(first.id(), second.id());
        assertThat(readAll(store, feed, 1)).containsExactly(first.id(), second.id());
        assertThat(ids(store.readSince(feed, Cursors.after(first), 10).messages())).containsExactly(second.id());
        assertThat(ids(store.readLatest(feed, 5).messages())).containsExactly(first.id(), second.id());
        assertThat(ids(store.readLatest(feed, 1).messages())).containsExactly(second.id());
    }

    @Test
    void givenGarbageAmongManyMessagesOfOneMillisecond_pagingStillReturnsEachOnce() {
        MessageStore store = store(ROOMY);
        List<MessageId> appended = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            appended.add(store.append(chat(r1, clock.millis())).stored().id());
        }
        byte[] key = b("live::{r1}::chat");
        for (long seq : new long[] {1, 5, 17, 30, 59, 60, 61}) {
            // sorts right after the member of that seq, inside the millisecond the binary search walks
            byte[] garbage = Arrays.copyOf(StoredValue.orderKey(seq), 12);
            redis.zadd(key, clock.millis(), garbage);
        }
        zaddCorrupted(key, clock.millis(), redis.incr(b("live::seq")));
        for (int page : new int[] {1, 3, 7, 100}) {
            assertThat(readAll(store, Feed.guest(r1), page)).as("page %d", page).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void givenGarbageInStateIdempotencyAndTrimKeys_readsSkipItAndWritesReplaceIt() {
        MessageStore store = store(ROOMY);
        Message online = store.append(state(r1, "online", 3, clock.advance(1))).stored();
        redis.hset(b("live::{r1}::state"), b("junk"), b("zzz"));
        redis.hset(b("live::{r1}::state"), b("pk.score"), b("also not a message"));
        redis.set(b("live::{r1}::idem::bad"), b("garbage"));
        redis.hset(b("live::{r1}::trim"), b("live::{r1}::chat"), b("yesterday"));

        assertThat(store.latestStates(r1)).containsExactly(online);
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("bad"))).isEmpty();
        AppendResult.Stored keyed = store.append(withKey(chat(r1, clock.advance(1)), "bad"));
        assertThat(keyed.duplicate()).isFalse();
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("bad"))).contains(keyed.stored());
        Message score = store.append(state(r1, "pk.score", 1, clock.advance(1))).stored();
        assertThat(store.latestStates(r1)).containsExactly(online, score);
        ReadResult read = store.readSince(Feed.guest(r1), Cursors.after(online), 10);
        assertThat(read.gap()).isFalse();
        assertThat(ids(read.messages())).containsExactly(keyed.stored().id(), score.id());
    }

    // --- scripts, absence, wiring ---------------------------------------------------------------

    @Test
    void givenScriptCacheFlushed_appendAndPoll_loadTheScriptsAgain() {
        MessageStore store = store(ROOMY);
        Message before = store.append(chat(r1, clock.advance(1))).stored();
        redis.scriptFlush();
        Message after = store.append(chat(r1, clock.advance(1))).stored();
        redis.scriptFlush();
        assertThat(ids(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10).messages()))
                .containsExactly(before.id(), after.id());
        redis.scriptFlush();
        assertThat(store.readLatest(Feed.guest(r1), 1).messages()).containsExactly(after);
    }

    private static String nobodyListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "redis://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void givenNoRedis_connect_failsFastWithStoreUnavailable() throws IOException {
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(nobodyListening());
        assertThatThrownBy(() -> RedisMessageStore.connect(config, ROOMY, clock))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(config.url()).contains("cannot use Redis");
                });
    }

    private static Injector injector(RedisStoreConfig config, Clock clock) {
        return Guice.createInjector(new RedisStoreModule(config), binder -> {
            binder.bind(Retention.class).toInstance(ROOMY);
            binder.bind(Clock.class).toInstance(clock);
        });
    }

    @Test
    void givenModule_creatingTheInjector_opensNothingAndProvidingFailsFastWithoutRedis() throws IOException {
        Injector injector = injector(RedisStoreConfig.defaults().withUrl(nobodyListening()), clock);
        assertThat(injector.getInstance(RedisStoreConfig.class).url()).startsWith("redis://127.0.0.1:");
        assertThatThrownBy(() -> injector.getInstance(MessageStore.class))
                .isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(((RoomcastException) e.getCause()).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    @Test
    void givenModule_messageStore_isOneConnectedStore() {
        Injector injector = injector(config(), clock);
        MessageStore store = injector.getInstance(MessageStore.class);
        stores.add(store);
        assertThat(injector.getInstance(MessageStore.class)).isSameAs(store);
        Message stored = store.append(chat(r1, clock.millis())).stored();
        assertThat(store.head(r1).room()).isEqualTo(stored.position().part());
    }

    @Test
    void givenClosedStore_everyCall_failsAsClosed() {
        MessageStore store = store(ROOMY);
        store.close();
        assertThatThrownBy(() -> store.append(chat(r1, clock.millis()))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 1)).isInstanceOf(IllegalStateException.class);
        store.close();
    }

    // --- the reference store ---------------------------------------------------------------------

    private static Message anyCategory(Scope scope, UserId to, Category category, long createdAt, int n) {
        return new Message(MessageId.of("x" + n), scope, null, to, category, Priority.NORMAL, null, 0,
                Payload.json("{\"n\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    /**
     * The same random publishes, with categories of different ages mixed in the user and broadcast
     * streams, retention cutting by count and age, keys repeated and the clock jumping both ways:
     * every answer equals the in-memory reference store's.
     */
    @Test
    void givenRandomPublishes_everyAnswer_equalsTheInMemoryStores() {
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        ages.put(Category.GIFT, Duration.ofSeconds(60));
        ages.put(Category.CHAT, Duration.ofSeconds(20));
        ages.put(Category.NOTIFY, Duration.ofSeconds(90));
        ages.put(Category.PK, Duration.ofSeconds(40));
        Retention retention = new Retention(12, ages);
        MessageStore redisStore = store(retention);
        MessageStore reference = new InMemoryMessageStore(retention, clock);
        Random random = new Random(20_261_128);
        RoomId r2 = room("r2");
        UserId alice = user("alice");
        List<Cursor> cursors = new ArrayList<>(List.of(Cursor.ORIGIN));
        Category[] categories = Category.values();

        long latest = clock.millis();
        for (int i = 0; i < 600; i++) {
            int dice = random.nextInt(100);
            clock.advance(dice < 5 ? -3_000 : dice < 60 ? 0 : random.nextInt(dice < 95 ? 2_000 : 30_000));
            latest = Math.max(latest, clock.millis());
            Category category = categories[random.nextInt(categories.length)];
            Message m = switch (random.nextInt(7)) {
                case 0 -> chat(r1, clock.millis());
                case 1 -> inRoom(random.nextBoolean() ? r1 : r2, category, Priority.NORMAL, clock.millis());
                case 2 -> state(r1, "key" + random.nextInt(3), random.nextInt(5), clock.millis());
                case 3 -> anyCategory(Scope.BROADCAST, null, category, clock.millis(), i);
                case 4 -> anyCategory(Scope.UNICAST, alice, category, clock.millis(), i);
                case 5 -> withKey(giftWorth(r1, 10, Priority.NORMAL, clock.millis()), "k" + random.nextInt(20));
                default -> toUser(random.nextBoolean() ? alice : user("bob"), clock.millis());
            };
            AppendResult.Stored expected = reference.append(m);
            AppendResult.Stored actual = redisStore.append(m);
            assertThat(plain(actual.stored())).as("append %d", i).isEqualTo(plain(expected.stored()));
            assertThat(actual.duplicate()).isEqualTo(expected.duplicate());
            if (random.nextInt(4) == 0) {
                cursors.add(Cursor.ORIGIN.advance(plain(expected.stored())));
            }
            if (i % 25 == 24) {
                for (Feed feed : List.of(Feed.guest(r1), new Feed(r1, alice), Feed.guest(r2))) {
                    for (Cursor from : cursors.subList(Math.max(0, cursors.size() - 6), cursors.size())) {
                        for (int max : new int[] {1, 5, 40}) {
                            assertThat(plain(redisStore.readSince(feed, from, max))).as("step %d read %s from %s max %d",
                                    i, feed, from, max).isEqualTo(plain(reference.readSince(feed, from, max)));
                        }
                    }
                    assertThat(plain(redisStore.readSince(feed, Cursor.ORIGIN, 200)))
                            .isEqualTo(plain(reference.readSince(feed, Cursor.ORIGIN, 200)));
                    assertThat(plain(redisStore.readLatest(feed, 7))).isEqualTo(plain(reference.readLatest(feed, 7)));
                }
                assertThat(redisStore.latestStates(r1).stream().map(RedisMessageStoreBehaviourIT::plain).toList())
                        .isEqualTo(reference.latestStates(r1).stream().map(RedisMessageStoreBehaviourIT::plain).toList());
                assertThat(plain(redisStore.head(r1))).isEqualTo(plain(reference.head(r1)));
                // The in-memory store forgets a key for good once the clock passes its age; Redis judges
                // the age at each lookup, so after the clock went back it may find a key again. Both
                // are within the contract ("remembered for the retention age"); compare when the clock
                // is at its latest.
                for (int k = 0; k < 20 && clock.millis() >= latest; k++) {
                    IdempotencyKey key = IdempotencyKey.of("k" + k);
                    assertThat(redisStore.findByIdempotencyKey(r1, key).map(RedisMessageStoreBehaviourIT::plain))
                            .isEqualTo(reference.findByIdempotencyKey(r1, key).map(RedisMessageStoreBehaviourIT::plain));
                }
            }
        }
        Set<MessageId> seen = new HashSet<>(readAll(redisStore, new Feed(r1, alice), 3));
        assertThat(seen).isEqualTo(new HashSet<>(readAll(reference, new Feed(r1, alice), 3)));
    }

    /** Each store draws its own epochs: answers are compared without them (a part of epoch 0 matches any). */
    private static Message plain(Message m) {
        return m.storedAt(m.position().inEpoch(0));
    }

    private static Cursor plain(Cursor c) {
        return new Cursor(new Cursor.Part(0, c.room().seq()), new Cursor.Part(0, c.platform().seq()));
    }

    private static ReadResult plain(ReadResult r) {
        return new ReadResult(r.messages().stream().map(RedisMessageStoreBehaviourIT::plain).toList(), plain(r.through()),
                r.more(), r.gap());
    }
}
