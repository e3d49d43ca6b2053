package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis bus on a real Redis Cluster of three masters ({@link SharedCluster}), found from its
 * seeds: each channel is subscribed at the master of its slot and its messages arrive once, in
 * order; pub/sub connections killed on every master, a slot moved to another master, and a master
 * restarted are each reported as {@code resubscribed} for the rooms they touched, the channels are
 * subscribed again where their slot now lives ({@code PUBSUB SHARDNUMSUB}), and messages flow
 * again. Messages are published as {@code append.lua} publishes them (the store's key layout is not
 * hash-tagged yet, so the store itself cannot run on a cluster).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RedisClusterBusOnClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long NOW = 1_764_288_000_000L;

    private final SharedCluster shared = SharedCluster.get();
    private final RedisClusterProcess cluster = shared.process();
    private final BusEvents events = new BusEvents();
    private RedisClusterBus bus;

    @BeforeEach
    void start() throws Exception {
        cluster.awaitClusterOk();
        bus = RedisClusterBus.connect(shared.config());
        bus.start(events).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    /** One room on each master, watched. */
    private List<RoomId> watchOnePerMaster(String prefix) throws Exception {
        List<RoomId> rooms = new ArrayList<>();
        for (int master = 0; master < 3; master++) {
            RoomId room = shared.roomOn(master, prefix);
            bus.watch(room).toCompletableFuture().get(30, TimeUnit.SECONDS);
            rooms.add(room);
        }
        return rooms;
    }

    /** Watches {@code room} and waits for one message published to it; returns that message's id. */
    private MessageId watchAndSeeOne(RoomId room) throws Exception {
        bus.watch(room).toCompletableFuture().get(30, TimeUnit.SECONDS);
        MessageId seen = publish(room);
        await().atMost(WAIT).until(() -> events.ids().contains(seen));
        return seen;
    }

    private MessageId publish(RoomId room) {
        return shared.publish(chat(room, NOW), NOW).id();
    }

    @Test
    void givenRoomsOnEveryMaster_eachRoomsMessagesAndThePlatformsArriveOnce_inOrder_withNoLossReported() throws Exception {
        List<RoomId> rooms = watchOnePerMaster("order");
        List<List<MessageId>> expected = new ArrayList<>();
        rooms.forEach(r -> expected.add(new ArrayList<>()));
        List<MessageId> platform = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (int r = 0; r < rooms.size(); r++) {
                expected.get(r).add(publish(rooms.get(r)));
            }
            if (i % 4 == 0) {
                platform.add(shared.publish(broadcast(NOW), NOW).id());
            }
        }

        await().atMost(WAIT).until(() -> events.ids().size() >= 3 * 20 + platform.size());
        for (int r = 0; r < rooms.size(); r++) {
            assertThat(events.ids(Optional.of(rooms.get(r)))).as("room on master " + r).containsExactlyElementsOf(expected.get(r));
            assertThat(cluster.shardSubscribers(RedisKeys.bus(rooms.get(r)))).isEqualTo(1);
        }
        assertThat(events.ids(Optional.empty())).containsExactlyElementsOf(platform);
        assertThat(events.resubscriptions()).as("a new connection to another master is no loss").isEmpty();
    }

    @Test
    void givenPubSubConnectionsKilledOnEveryMaster_everyChannelIsReportedAndSubscribedAgain_andMessagesFlow() throws Exception {
        List<RoomId> rooms = watchOnePerMaster("kill");

        assertThat(cluster.killPubSub()).isGreaterThanOrEqualTo(3);

        List<Object> reported = new ArrayList<>(rooms.stream().map(Optional::of).toList());
        reported.add(Optional.empty());
        await().atMost(WAIT).until(() -> events.resubscriptions().containsAll(reported));
        List<MessageId> after = new ArrayList<>();
        for (RoomId room : rooms) {
            after.add(publish(room));
            assertThat(cluster.shardSubscribers(RedisKeys.bus(room))).isEqualTo(1);
        }
        MessageId broadcastAfter = shared.publish(broadcast(NOW), NOW).id();
        await().atMost(WAIT).until(() -> events.ids().containsAll(after) && events.ids().contains(broadcastAfter));
        for (int r = 0; r < rooms.size(); r++) {
            assertThat(events.all().indexOf(Optional.of(rooms.get(r)))).as("loss reported before the next message")
                    .isLessThan(events.indexOf(after.get(r)));
            assertThat(events.ids(Optional.of(rooms.get(r)))).containsExactly(after.get(r));
        }
    }

    @Test
    void givenARoomsSlotMovedToAnotherMaster_itIsReported_subscribedAtTheNewMaster_andItsMessagesFlowAgain() throws Exception {
        RoomId room = shared.roomOn(0, "move");
        MessageId before = watchAndSeeOne(room);

        int slot = SlotHash.getSlot(RedisKeys.bus(room));
        cluster.moveSlot(slot, 1);

        await().atMost(WAIT).until(() -> events.resubscriptions().contains(Optional.of(room)));
        assertThat(cluster.ownerOf(slot)).isEqualTo(1);
        await().atMost(WAIT).until(() -> cluster.shardSubscribers(RedisKeys.bus(room)) == 1);
        MessageId after = publish(room);
        await().atMost(WAIT).until(() -> events.ids().contains(after));
        assertThat(events.ids(Optional.of(room))).containsExactly(before, after);
        assertThat(events.all().indexOf(Optional.of(room))).isLessThan(events.indexOf(after));
    }

    @Test
    void givenTheMasterOfARoomRestarted_itIsReported_andTheRoomsMessagesFlowAgain() throws Exception {
        RoomId room = shared.roomOn(2, "restart");
        MessageId before = watchAndSeeOne(room);

        cluster.restartMaster(2);

        await().atMost(WAIT).until(() -> events.resubscriptions().contains(Optional.of(room)));
        await().atMost(WAIT).until(() -> cluster.shardSubscribers(RedisKeys.bus(room)) == 1);
        Message after = chat(room, NOW);
        // The test's own connection may still be reconnecting: publish until Redis takes it.
        await().atMost(WAIT).ignoreExceptions().until(() -> shared.publish(after, NOW) != null);
        await().atMost(WAIT).until(() -> events.ids().contains(after.id()));
        assertThat(events.ids(Optional.of(room))).startsWith(before, after.id());
    }
}
