package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.RoomId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract, against a real redis-server (or {@code REDIS_URL}). */
class RedisMessageStoreIT extends MessageStoreContract {
    private static RawRedis raw;

    @BeforeAll
    static void connect() {
        raw = RawRedis.connect(RawRedis.sharedUrl());
    }

    @AfterAll
    static void disconnect() {
        raw.close();
    }

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        raw.flush();
        return RedisMessageStore.connect(RedisStoreConfig.defaults().withUrl(RawRedis.sharedUrl()), retention, clock);
    }

    /** Each stream key of {@code room} holds a string: the append script fails on it (WRONGTYPE). */
    @Override
    protected void breakWritesOf(MessageStore store, RoomId room) {
        for (Category category : Category.values()) {
            raw.commands().set(RawRedis.b(RedisKeys.stream(new StreamKey(room, category, null))), RawRedis.b("broken"));
        }
    }
}
