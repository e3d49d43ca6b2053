package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.bootstrap.cluster.ClusterFeeds.FeedViewer;
import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import io.roomcast.protocol.v1.GoAway;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node drained (SIGTERM) among three on one redis-server: every viewer it held gets a GoAway that
 * names other live nodes and never itself, moves there with its cursor and misses nothing; the
 * drained node is out of the endpoint answers of the others once it is gone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DrainIT {
    private static final List<String> ROOMS = List.of("d1", "d2");
    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW"};
    private static final int ROUNDS = 30;

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenADrainedNode_itsGoAwaysNameOtherLiveNodesOnly_andItsViewersMoveThereMissingNothing() throws Exception {
        rig = ClusterRig.start(work, 3);
        NodeProcess drained = rig.nodes.get(0);
        List<NodeProcess> others = rig.nodes.subList(1, 3);
        List<String> otherEndpoints = others.stream().map(NodeProcess::endpoint).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rig.endpoints(drained, ROOMS.get(0))).as("the drained node knows the others")
                        .containsAll(otherEndpoints));
        for (String room : ROOMS) {
            for (int i = 0; i < 3; i++) {
                rig.watch(drained, room, room + "-" + i);
            }
        }
        rig.awaitWelcomes();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 2) {
                drained.stop();
            }
            for (String room : ROOMS) {
                published.add(ClusterFeeds.toRoom(http, others.get(round % 2), room, LEVELS[round % LEVELS.length]));
            }
        }

        ClusterFeeds.assertEveryViewerGotItsFeed(rig.viewers, published);
        for (FeedViewer v : rig.viewers) {
            assertThat(v.goAways()).as("%s was sent away once", v.user).hasSize(1);
            GoAway goAway = v.goAways().get(0);
            assertThat(goAway.getEndpointsList()).as("%s's GoAway", v.user)
                    .isNotEmpty().doesNotContain(drained.endpoint()).isSubsetOf(otherEndpoints);
        }
        assertThat(drained.logTail()).doesNotContain("could not leave the node registry");
        for (NodeProcess asked : others) {
            assertThat(rig.endpoints(asked, ROOMS.get(0))).as("%s's answer", asked.name())
                    .containsExactlyInAnyOrderElementsOf(otherEndpoints);
        }
    }
}
