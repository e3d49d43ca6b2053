package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.bootstrap.cluster.ClusterFeeds.FeedViewer;
import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one node of a deployment (embedded Chronicle store) stopped whole ({@code SIGSTOP}: its
 * sockets stay open, nothing answers) with viewers connected and publishes sent meanwhile (they wait
 * in the node's sockets): the viewers take the silence for a dead server, keep trying to reconnect,
 * and once the node goes on ({@code SIGCONT}) they resume by cursor. Every viewer gets every CRITICAL
 * and HIGH message of its feed once, in order per family, delivered + skipped = published,
 * including what was published while the node stood still. How long it stands still is decided by
 * outcomes (every viewer noticed the silence and tried again), not by a timer.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NodeAloneFrozenIT {
    private static final List<String> ROOMS = List.of("red", "blue");

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @AutoClose("shutdownNow")
    private final ExecutorService publishers = Executors.newFixedThreadPool(4);

    @Test
    void givenTheOnlyNodeFrozen_viewersResumeWhenItGoesOn_missingNothingPublishedMeanwhile() throws Exception {
        rig = ClusterRig.alone(work, "--room.budget=1000000", "--heartbeat.ms=1000");
        NodeProcess node = rig.nodes.get(0);
        for (String room : ROOMS) {
            for (int i = 0; i < 3; i++) {
                rig.watch(node, room, room + "-" + i);
            }
        }
        rig.awaitWelcomes();
        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            rig.publishRound(http, ROOMS, round, round == 0, published);
        }
        ClusterFeeds.assertEveryViewerGotItsFeed(rig.viewers, published);

        node.freeze();
        List<CompletableFuture<Published>> meanwhile = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String room = ROOMS.get(i % ROOMS.size());
                String level = i % 2 == 0 ? "CRITICAL" : "HIGH";
                meanwhile.add(CompletableFuture.supplyAsync(() -> publish(http, node, room, level), publishers));
            }
            // Every viewer noticed the silence (2.5 heartbeats) and has tried to connect again.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (FeedViewer viewer : rig.viewers) {
                    assertThat(viewer.disconnects()).as(viewer.user).isGreaterThanOrEqualTo(2);
                }
            });
            assertThat(meanwhile).as("publishes wait while the node stands still").noneMatch(CompletableFuture::isDone);
        } finally {
            node.thaw();
        }
        for (CompletableFuture<Published> p : meanwhile) {
            published.add(p.get(60, TimeUnit.SECONDS));
        }
        for (int round = 5; round < 10; round++) {
            rig.publishRound(http, ROOMS, round, round == 5, published);
        }
        rig.assertEveryViewerGotItsFeed(published);
    }

    private static Published publish(HttpClient http, NodeProcess node, String room, String level) {
        try {
            return ClusterFeeds.toRoom(http, node, room, level);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
