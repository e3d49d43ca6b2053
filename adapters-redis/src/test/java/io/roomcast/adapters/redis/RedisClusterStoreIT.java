package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;

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
}
