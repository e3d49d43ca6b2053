package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slices in a cluster: two nodes on one Redis, a room published to through both. Every closed slice
 * read first from one node and then from the other (each reading the store itself) is the same
 * bytes with the same tag, so any node may fill any cache; and the slices account for every
 * message published, each in exactly one slice, delivered or counted as skipped.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterSlicesIT {
    private static final String ROOM = "sliced";
    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW", "LOWEST"};

    @TempDir
    Path work;

    @AutoClose
    private ClusterRig rig;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenPublishesThroughTwoNodes_everyClosedSlice_isTheSameBytesOnBothAndAccountsForEveryMessage() throws Exception {
        rig = ClusterRig.start(work, 2);
        Set<String> published = new HashSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int round = 0; round < 6; round++) {
            for (NodeProcess node : rig.nodes) {
                JsonObject answer = publish(node, round);
                for (JsonElement r : answer.getAsJsonArray("results")) {
                    JsonObject result = r.getAsJsonObject();
                    assertThat(result.get("status").getAsString()).isEqualTo("accepted");
                    published.add(result.get("id").getAsString());
                    first = Math.min(first, result.get("createdAt").getAsLong());
                    last = Math.max(last, result.get("createdAt").getAsLong());
                }
            }
        }
        long from = first / 1_000;
        long through = last / 1_000 + 1; // a late store is positioned in the next slice at most
        NodeProcess a = rig.nodes.get(0);
        NodeProcess b = rig.nodes.get(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(head(a)).isGreaterThanOrEqualTo(through));

        Set<String> seen = new HashSet<>();
        int skipped = 0;
        for (long n = from; n <= through; n++) {
            // Alternate which node reads the store first.
            NodeProcess one = n % 2 == 0 ? a : b;
            NodeProcess other = n % 2 == 0 ? b : a;
            HttpResponse<String> x = slice(one, n);
            HttpResponse<String> y = slice(other, n);
            assertThat(x.statusCode()).as(x.body()).isEqualTo(200);
            assertThat(y.body()).as("slice %d on both nodes", n).isEqualTo(x.body());
            assertThat(y.headers().firstValue("etag")).isEqualTo(x.headers().firstValue("etag"));
            JsonObject body = JsonParser.parseString(x.body()).getAsJsonObject();
            for (JsonElement m : body.getAsJsonArray("messages")) {
                assertThat(seen.add(m.getAsJsonObject().get("id").getAsString())).as("once").isTrue();
            }
            JsonObject counts = body.getAsJsonObject("skipped");
            for (String reason : counts.keySet()) {
                skipped += counts.get(reason).getAsInt();
            }
        }
        assertThat(published).containsAll(seen);
        assertThat(seen.size() + skipped).as("delivered + skipped = published").isEqualTo(published.size());
        assertThat(skipped).as("the limit bit in some slice").isPositive();
    }

    /** A batch of 20 messages of mixed levels through {@code node}. */
    private JsonObject publish(NodeProcess node, int round) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"").append(ROOM)
                    .append("\",\"category\":\"NOTIFY\",\"priority\":\"").append(LEVELS[(i + round) % LEVELS.length])
                    .append("\",\"payload\":{\"round\":").append(round).append(",\"i\":").append(i).append("}}");
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.base().resolve("/api/v1/messages"))
                .header("Authorization", "Bearer " + ClusterFeeds.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private long head(NodeProcess node) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.base().resolve(
                "/api/v1/rooms/" + ROOM + "/slices")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Long.parseLong(JsonParser.parseString(answer.body()).getAsJsonObject().get("slice").getAsString());
    }

    private HttpResponse<String> slice(NodeProcess node, long n) throws Exception {
        return http.send(HttpRequest.newBuilder(node.base().resolve("/api/v1/rooms/" + ROOM + "/slices/" + n)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
