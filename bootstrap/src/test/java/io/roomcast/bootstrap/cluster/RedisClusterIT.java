package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import io.roomcast.testing.RedisClusterProcess;
import io.roomcast.testing.RedisServerProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real roomcast nodes on a real Redis Cluster of three masters, configured with nothing but
 * the cluster's seeds: rooms whose keys live on different masters, viewers of each on every node,
 * publishes (every level, broadcasts, unicast) through every node in turn; half way, one room's
 * slot moves to another master with its keys (Redis unsubscribes its channel there); later another
 * room's master is killed (SIGKILL; it keeps its data with {@code appendfsync always}) and a
 * publish to that room is sent while it is down, answered 503 until the master is back, and sent
 * again with its idempotency key. Every viewer gets every CRITICAL and HIGH message of its feed
 * exactly once, each family in position order, and delivered + skipped = published. Outcomes
 * only, no timings.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RedisClusterIT {
    private static final int ROUNDS = 30;

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenThreeNodesOnARedisCluster_aSlotMovingMidStream_everyViewerGetsItsFeedOnce_andEveryMessageIsAccountedFor()
            throws Exception {
        rig = ClusterRig.onRedisCluster(work, 3);
        RedisClusterProcess cluster = rig.cluster;
        List<String> rooms = roomsOnEveryMaster(cluster);
        for (String room : rooms) {
            for (NodeProcess node : rig.nodes) {
                rig.watch(node, room, room + "-" + node.name());
            }
        }
        rig.awaitWelcomes();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 2) {
                int slot = cluster.slotOf(head(rooms.get(0)));
                cluster.moveSlot(slot, (cluster.ownerOf(slot) + 1) % 3);
            }
            if (round == ROUNDS * 3 / 4) {
                String room = rooms.get(1);
                RedisServerProcess master = cluster.master(cluster.ownerOf(cluster.slotOf(head(room))));
                master.kill();
                List<Integer> refused = new CopyOnWriteArrayList<>();
                CompletableFuture<Published> during = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ClusterFeeds.toRoomRetrying(http, rig.nodes.get(0), room, refused);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> !refused.isEmpty() || during.isDone());
                master.restart();
                cluster.awaitClusterOk();
                published.add(during.get(120, TimeUnit.SECONDS));
                assertThat(refused).as("answers while the room's master was down").isNotEmpty().containsOnly(503);
            }
            rig.publishRound(http, rooms, round, round % 3 == 0, published);
        }

        rig.assertEveryViewerGotItsFeed(published);
    }

    /** Three rooms whose keys are on masters 0, 1 and 2. */
    private static List<String> roomsOnEveryMaster(RedisClusterProcess cluster) throws Exception {
        List<String> rooms = new ArrayList<>();
        Set<Integer> masters = new HashSet<>();
        for (int i = 0; masters.size() < 3; i++) {
            String room = "room" + i;
            if (masters.add(cluster.ownerOf(cluster.slotOf(head(room))))) {
                rooms.add(room);
            }
        }
        return rooms;
    }

    private static String head(String room) {
        return "live::{" + room + "}::head";
    }
}
