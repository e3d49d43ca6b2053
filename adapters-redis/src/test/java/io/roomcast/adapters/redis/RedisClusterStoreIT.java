package io.roomcast.adapters.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.RoomId;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real Redis Cluster of three masters ({@link SharedCluster}), the store
 * configured with nothing but the cluster's seeds. It runs once the store's key layout keeps each
 * script in one slot; until then the store refuses to start on a cluster ({@code CROSSSLOT}) and
 * each test is reported skipped, saying why, rather than failing or being left out.
 */
class RedisClusterStoreIT extends MessageStoreContract {
    private static final SharedCluster SHARED = SharedCluster.get();
    /** Why the store cannot run on a cluster, or null when it can. */
    private static String notReady;

    @BeforeAll
    static void layoutFitsACluster() {
        try {
            RedisMessageStore.connect(SHARED.config(), Retention.defaults(), new ManualClock()).close();
        } catch (RoomcastException e) {
            if (!e.getMessage().contains("several hash slots")) {
                throw e;
            }
            notReady = "the store's key layout is not hash-tagged yet: " + e.getMessage();
        }
    }

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        // Each contract test is reported skipped, with the reason, until the layout fits a cluster.
        assumeTrue(notReady == null, notReady);
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
