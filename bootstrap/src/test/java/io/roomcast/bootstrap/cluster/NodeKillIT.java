package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import io.roomcast.client.LongConnectionClient;
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
 * A node killed with {@code kill -9} mid-stream: three nodes on one redis-server, viewers placed by
 * {@code GET /api/v1/endpoint} (each client holds the three endpoints it was given), publishes
 * through the two that live on. The killed node leaves every endpoint answer within seconds (its
 * registry entry expires by Redis's clock), and its viewers reconnect to the others with their
 * cursors: every CRITICAL and HIGH message arrives, nothing twice, delivered + skipped = published.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeKillIT {
    private static final List<String> ROOMS = List.of("k1", "k2", "k3", "k4");
    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW"};
    private static final int VIEWERS_PER_ROOM = 3;
    private static final int ROUNDS = 60;
    /** Entry lifetime (3 s) + the survivors' next read (1 s) + slack for a shared machine. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(8);

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenANodeKilledMidStream_itLeavesEndpointAnswersWithinSeconds_andItsViewersResumeElsewhereMissingNothing()
            throws Exception {
        rig = ClusterRig.start(work, 3);
        List<String> all = rig.nodes.stream().map(NodeProcess::endpoint).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rig.endpoints(rig.nodes.get(0), ROOMS.get(0))).as("the registry knows every node")
                        .containsExactlyInAnyOrderElementsOf(all));
        for (String room : ROOMS) {
            for (int i = 0; i < VIEWERS_PER_ROOM; i++) {
                rig.watchVia(rig.nodes.get(i % 3), room, room + "-" + i);
            }
        }
        rig.awaitWelcomes();
        // The node that holds the most viewers is killed.
        NodeProcess victim = rig.nodes.get(0);
        for (NodeProcess node : rig.nodes) {
            if (node.connections() > victim.connections()) {
                victim = node;
            }
        }
        assertThat(victim.connections()).as("the killed node holds viewers").isPositive();
        NodeProcess killed = victim;
        List<NodeProcess> survivors = rig.nodes.stream().filter(n -> n != killed).toList();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 3) {
                killed.kill9();
            }
            for (String room : ROOMS) {
                published.add(ClusterFeeds.toRoom(http, survivors.get(round % 2), room, LEVELS[round % LEVELS.length]));
            }
            if (round % 10 == 0) {
                published.add(ClusterFeeds.broadcast(http, survivors.get(1 - round % 2)));
            }
        }

        await().atMost(GONE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (NodeProcess asked : survivors) {
                for (String room : ROOMS) {
                    assertThat(rig.endpoints(asked, room)).as("%s's answer for %s", asked.name(), room)
                            .doesNotContain(killed.endpoint()).isNotEmpty();
                }
            }
        });
        ClusterFeeds.assertEveryViewerGotItsFeed(rig.viewers, published);
        assertThat(rig.clients()).allSatisfy(c -> assertThat(c.isConnected()).isTrue());
        assertThat(rig.clients().stream().map(LongConnectionClient::sessionId).distinct()).hasSize(rig.clients().size());
    }
}
