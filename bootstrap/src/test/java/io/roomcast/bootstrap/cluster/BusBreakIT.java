package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.bootstrap.cluster.ClusterFeeds.FeedViewer;
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
 * The bus broken under the nodes mid-stream: viewers on node A, publishes through node B (and A),
 * and Redis closes every pub/sub connection ({@code CLIENT KILL TYPE pubsub}) twice while messages
 * flow. The viewers of A are told to come back ({@code STORE_UNAVAILABLE}) and resume by cursor:
 * nothing lost (every CRITICAL and HIGH message, delivered + skipped = published), nothing twice,
 * in position order.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BusBreakIT {
    private static final List<String> ROOMS = List.of("left", "right");
    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW"};
    private static final int ROUNDS = 60;

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenPubSubConnectionsKilledMidStream_viewersResumeByCursor_missingNothing_andGettingNothingTwice() throws Exception {
        rig = ClusterRig.start(work, 2);
        NodeProcess a = rig.nodes.get(0);
        NodeProcess b = rig.nodes.get(1);
        for (String room : ROOMS) {
            for (int i = 0; i < 3; i++) {
                rig.watch(a, room, room + "-" + i);
            }
        }
        rig.awaitWelcomes();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        long killed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 3 || round == 2 * ROUNDS / 3) {
                killed += rig.redis.killPubSub();
            }
            for (String room : ROOMS) {
                published.add(ClusterFeeds.toRoom(http, round % 4 == 3 ? a : b, room, LEVELS[round % LEVELS.length]));
            }
            if (round % 10 == 0) {
                published.add(ClusterFeeds.broadcast(http, b));
            }
        }

        assertThat(killed).as("both nodes' bus connections, twice").isGreaterThanOrEqualTo(4);
        ClusterFeeds.assertEveryViewerGotItsFeed(rig.viewers, published);
        assertThat(rig.viewers).as("node A's viewers were sent back to resume")
                .anySatisfy(v -> assertThat(v.errors()).contains("STORE_UNAVAILABLE"));
    }
}
