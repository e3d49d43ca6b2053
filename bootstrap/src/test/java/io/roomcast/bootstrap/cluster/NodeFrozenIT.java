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
 * A node's whole process stopped ({@code SIGSTOP}: its sockets stay open, nothing answers) while
 * messages are published through another node on the same Redis: its viewers take the silence for a
 * dead server (no frame for 2.5 heartbeats), reconnect to the other node with their cursors and
 * get every message; once the node goes on ({@code SIGCONT}) it serves again, publishes through it
 * reach everyone, and it logged no error or leak. Every viewer gets every CRITICAL and HIGH message
 * of its feed once, in order per family, delivered + skipped = published. Outcomes only: how long
 * the node stands still is decided by when its viewers have everything, not by a timer.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NodeFrozenIT {
    private static final List<String> ROOMS = List.of("red", "blue");

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    @Test
    void givenANodeFrozen_itsViewersResumeOnAnotherNode_missingNothing_andTheNodeServesAgainAfterward() throws Exception {
        rig = ClusterRig.start(work, 2, "--room.budget=1000000", "--heartbeat.ms=1000");
        NodeProcess frozen = rig.nodes.get(0);
        NodeProcess other = rig.nodes.get(1);
        for (String room : ROOMS) {
            for (int i = 0; i < 3; i++) {
                rig.watchOn(List.of(frozen, other), room, room + "-a" + i);
            }
            rig.watch(other, room, room + "-b");
        }
        rig.awaitWelcomes();

        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            rig.publishRound(http, ROOMS, round, round == 0, published);
        }
        frozen.freeze();
        try {
            for (int i = 0; i < 20; i++) {
                for (String room : ROOMS) {
                    published.add(ClusterFeeds.toRoom(http, other, room, i % 2 == 0 ? "CRITICAL" : "HIGH"));
                }
            }
            published.add(ClusterFeeds.broadcast(http, other));
            ClusterFeeds.assertEveryViewerGotItsFeed(rig.viewers, published);
        } finally {
            frozen.thaw();
        }
        for (int round = 5; round < 10; round++) {
            rig.publishRound(http, ROOMS, round, round == 5, published);
        }
        rig.assertEveryViewerGotItsFeed(published);
    }
}
