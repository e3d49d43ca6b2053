package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.RoomId;

/**
 * The store contract on a real Redis Cluster of three masters ({@link SharedCluster}), the store
 * configured with nothing but the cluster's seeds: every script's keys are in one slot (the room's
 * hash tag or {@code {#platform}}), and a feed's reads go to the slots of its families.
 */
class RedisClusterStoreIT extends MessageStoreContract {
    private static final SharedCluster SHARED = SharedCluster.get();

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        SHARED.commands().flushall();
        return RedisMessageStore.connect(SHARED.config(), retention, clock);
    }

    /** Each stream key of {@code room} holds a string: the append script fails on it (WRONGTYPE). */
    @Override
    protected void breakWritesOf(MessageStore store, RoomId room) {
        for (Category category : Category.values()) {
            SHARED.commands().set(RedisKeys.bytes(RedisKeys.stream(new StreamKey(room, category, null))), RedisKeys.bytes("broken"));
        }
    }
}
