package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Room rules that hold for the room across nodes: two nodes on one Redis, publishes to one room
 * through both at once. A shared budget admits at most its bucket plus its rate over the time the
 * publishes took ({@code capacity + rate * seconds}); two budgets of one node each would admit at
 * least twice the bucket. The same for CRITICAL and its own rate. And the online count that sets
 * {@code pollAfterMs}: pollers on both nodes, each node's share under the 100-viewer step, the
 * room's total over it, seen by a poll on either node.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterRoomRulesIT {
    private static final int RATE = 50;
    private static final int CRITICAL_RATE = 10;
    private static final int PER_NODE = 300;
    private static final int PER_NODE_POLLERS = 60;

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenPublishesThroughTwoNodesAtOnce_roomBudget_admitsTheRoomsRateNotTwiceIt() throws Exception {
        rig = ClusterRig.start(work, 2, "--room.budget=" + RATE, "--room.critical.budget=" + CRITICAL_RATE);

        Burst high = burst("hot", "HIGH", PER_NODE);
        Burst critical = burst("moderated", "CRITICAL", PER_NODE / 10);

        assertThat(high.admitted()).as("a full bucket at least").isGreaterThanOrEqualTo(RATE);
        assertThat(high.admitted()).as("HIGH across both nodes, in %d ms", high.millis())
                .isLessThanOrEqualTo(high.bound(RATE));
        assertThat(high.refusedFor()).containsOnly("overload");
        assertThat(critical.admitted()).as("CRITICAL at its own rate").isGreaterThanOrEqualTo(CRITICAL_RATE);
        assertThat(critical.admitted()).as("CRITICAL across both nodes, in %d ms", critical.millis())
                .isLessThanOrEqualTo(critical.bound(CRITICAL_RATE));
        assertThat(critical.refusedFor()).containsOnly("overload");
    }

    @Test
    void givenPollersOnTwoNodes_pollOnEither_answersPollAfterForTheRoomsTotal() throws Exception {
        rig = ClusterRig.start(work, 2);
        NodeProcess a = rig.nodes.get(0);
        NodeProcess b = rig.nodes.get(1);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // each node's pollers count for 6 s after their last poll: they keep polling
            for (int i = 0; i < PER_NODE_POLLERS; i++) {
                poll(a, "a-" + i);
                poll(b, "b-" + i);
            }
            for (NodeProcess node : rig.nodes) {
                assertThat(online(node)).as("stats online").isEqualTo(2 * PER_NODE_POLLERS);
                assertThat(poll(node, null).get("pollAfterMs").getAsLong()).as("a guest's poll: the 100-viewer step")
                        .isEqualTo(1_750);
            }
        });
    }

    /** A poll of the room by {@code viewer}, who then counts as online there; null: a guest, who does not. */
    private JsonObject poll(NodeProcess node, String viewer) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.base().resolve(
                "/api/v1/rooms/polled/messages" + (viewer == null ? "" : "?viewer=" + viewer))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private int online(NodeProcess node) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.base().resolve("/api/v1/rooms/polled")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("online").getAsInt();
    }

    /** What a batch of {@code count} messages through each node at once, to a fresh room, got. */
    private record Burst(int admitted, List<String> refusedFor, long millis) {
        /** The most a shared bucket of {@code rate} per second (one second full) admits in that time, plus one for rounding. */
        int bound(int rate) {
            return rate + (int) Math.ceil(rate * millis / 1000.0) + 1;
        }
    }

    private Burst burst(String room, String level, int count) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"").append(room)
                    .append("\",\"category\":\"NOTIFY\",\"priority\":\"").append(level).append("\",\"payload\":").append(i).append('}');
        }
        String body = batch.append(']').toString();
        List<CompletableFuture<HttpResponse<String>>> answers = rig.nodes.stream()
                .map(node -> http.sendAsync(post(node.base().resolve("/api/v1/messages"), body), HttpResponse.BodyHandlers.ofString()))
                .toList();
        int admitted = 0;
        long firstJudged = Long.MAX_VALUE;
        long lastJudged = Long.MIN_VALUE;
        List<String> refusedFor = new java.util.ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            for (JsonElement result : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("results")) {
                if (result.getAsJsonObject().get("status").getAsString().equals("accepted")) {
                    admitted++;
                    // A room message is judged at its createdAt: the span the bucket could refill
                    // over is the server's, not this test's clock.
                    long judged = result.getAsJsonObject().get("createdAt").getAsLong();
                    firstJudged = Math.min(firstJudged, judged);
                    lastJudged = Math.max(lastJudged, judged);
                } else {
                    refusedFor.add(result.getAsJsonObject().get("reason").getAsString());
                }
            }
        }
        long millis = admitted == 0 ? 0 : lastJudged - firstJudged;
        assertThat(admitted + refusedFor.size()).isEqualTo(count * rig.nodes.size());
        return new Burst(admitted, refusedFor, millis);
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ClusterFeeds.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
