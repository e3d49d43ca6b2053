package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.room;

import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.RoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Redis stores on the shared test Redis (flushed before each test, the stores closed after it) and
 * raw commands to look at or spoil its keys, shared by the ITs of what the contract cannot see
 * ({@code RedisStoreLayoutIT}, {@code RedisStoreBadDataIT}, {@code RedisStoreConnectionIT},
 * {@link RedisMessageStoreBehaviourIT}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class RedisStoreFixture {
    static final Retention ROOMY = Retention.uniform(100_000, Duration.ofHours(1));

    static RawRedis raw;
    static RedisCommands<byte[], byte[]> redis;

    final ManualClock clock = new ManualClock();
    final RoomId r1 = room("r1");
    final List<MessageStore> stores = new ArrayList<>();

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

    MessageStore store(Retention retention) {
        MessageStore store = RedisMessageStore.connect(config(), retention, clock);
        stores.add(store);
        return store;
    }

    static RedisStoreConfig config() {
        return RedisStoreConfig.defaults().withUrl(RawRedis.sharedUrl());
    }

    static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    static List<MessageId> readAll(MessageStore store, Feed feed, int page) {
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

    /** Each store draws its own epochs: answers are compared without them (a part of epoch 0 matches any). */
    static Message plain(Message m) {
        return m.storedAt(m.position().inEpoch(0));
    }

    static Cursor plain(Cursor c) {
        return new Cursor(new Cursor.Part(0, c.room().seq()), new Cursor.Part(0, c.platform().seq()));
    }

    static ReadResult plain(ReadResult r) {
        return new ReadResult(r.messages().stream().map(RedisStoreFixture::plain).toList(), plain(r.through()),
                r.more(), r.gap());
    }
}
