package io.roomcast.bootstrap.cluster;

import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real roomcast nodes on one real redis-server: viewers of three rooms spread over all three
 * nodes, publishes (room messages of every level, broadcasts, unicast) through all three in turn.
 * Every viewer gets every CRITICAL and HIGH message of its feed exactly once, entries in position
 * order, nothing twice, and delivered + skipped = published for its feed. Outcomes only, no timings.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreeNodesIT {
    private static final List<String> ROOMS = List.of("red", "green", "blue");
    private static final int VIEWERS_PER_ROOM_AND_NODE = 2;
    private static final int ROUNDS = 40;

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenThreeNodesOnOneRedis_everyViewerGetsEveryCriticalAndHighMessageOnce_inOrder_andEveryMessageIsAccountedFor()
            throws Exception {
        rig = ClusterRig.start(work, 3);
        for (String room : ROOMS) {
            for (NodeProcess node : rig.nodes) {
                for (int i = 0; i < VIEWERS_PER_ROOM_AND_NODE; i++) {
                    rig.watch(node, room, room + "-" + node.name() + "-" + i);
                }
            }
        }
        rig.awaitWelcomes();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rig.publishRound(http, ROOMS, round, round % 4 == 0, published);
        }

        rig.assertEveryViewerGotItsFeed(published);
    }
}
