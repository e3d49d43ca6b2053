package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Scope;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the cluster tests publish and what their viewers get: publishes through a node's HTTP API
 * (each with an idempotency key), viewers that record their blocks across reconnects, and the
 * check that every viewer got its feed.
 */
final class ClusterFeeds {
    static final String KEY = "cluster-key-0123456789abcdef";
    static final String SECRET = "cluster-secret-0123456789abcdef-0123456789";

    private ClusterFeeds() {
    }

    /** One viewer: what it got, across reconnects (the client resumes by cursor), and the errors and GoAways it was sent. */
    static final class FeedViewer implements LongConnectionListener {
        final String room;
        final String user;
        private final List<Message> entries = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private final List<GoAway> goAways = new ArrayList<>();
        private long skipped;
        private int disconnects;

        FeedViewer(String room, String user) {
            this.room = room;
            this.user = user;
        }

        @Override
        public synchronized void onBlock(Block block) {
            entries.addAll(block.getEntriesList());
            var s = block.getSkipped();
            skipped += (long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded();
        }

        @Override
        public synchronized void onError(Error error) {
            errors.add(error.getCode());
        }

        @Override
        public synchronized void onGoAway(GoAway goAway) {
            goAways.add(goAway);
        }

        @Override
        public synchronized void onDisconnected(Throwable cause) {
            disconnects++;
        }

        /** How often its connection was lost or could not be made. */
        synchronized int disconnects() {
            return disconnects;
        }

        synchronized List<GoAway> goAways() {
            return List.copyOf(goAways);
        }

        synchronized List<Message> entries() {
            return List.copyOf(entries);
        }

        synchronized List<String> errors() {
            return List.copyOf(errors);
        }

        synchronized long accounted() {
            return entries.size() + skipped;
        }
    }

    /** One accepted publish, and whose feed it belongs to. */
    record Published(String id, String level, String room, String user) {
        boolean inFeedOf(FeedViewer v) {
            return room != null ? room.equals(v.room) : user == null || user.equals(v.user);
        }

        boolean mustArrive() {
            return level.equals("CRITICAL") || level.equals("HIGH");
        }
    }

    static Published toRoom(HttpClient http, NodeProcess node, String room, String level) throws Exception {
        String category = level.equals("LOW") ? "CHAT" : "GIFT";
        return publish(http, node, level, room, null,
                "{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"" + category + "\",\"priority\":\"" + level + "\"");
    }

    static Published broadcast(HttpClient http, NodeProcess node) throws Exception {
        return publish(http, node, "HIGH", null, null, "{\"scope\":\"broadcast\",\"category\":\"NOTIFY\",\"priority\":\"HIGH\"");
    }

    static Published toUser(HttpClient http, NodeProcess node, String user) throws Exception {
        return publish(http, node, "CRITICAL", null, user,
                "{\"scope\":\"user\",\"userId\":\"" + user + "\",\"category\":\"NOTIFY\",\"priority\":\"CRITICAL\"");
    }

    private static Published publish(HttpClient http, NodeProcess node, String level, String room, String user,
                                     String fields) throws Exception {
        HttpResponse<String> answer = send(http, node, body(fields, UUID.randomUUID().toString()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return accepted(answer, level, room, user);
    }

    /**
     * A room message published as a business server does while its Redis is failing: sent again
     * with the same idempotency key while the node refuses it, until it is accepted; each refusal's
     * status is added to {@code refused} as it comes (a 503 within the command timeout, never a hang).
     */
    static Published toRoomRetrying(HttpClient http, NodeProcess node, String room, List<Integer> refused) throws Exception {
        String body = body("{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"GIFT\",\"priority\":\"CRITICAL\"",
                UUID.randomUUID().toString());
        List<HttpResponse<String>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> answer = send(http, node, body);
            if (answer.statusCode() != 202) {
                refused.add(answer.statusCode());
                return false;
            }
            last.add(answer);
            return true;
        });
        return accepted(last.get(0), "CRITICAL", room, null);
    }

    private static String body(String fields, String idempotencyKey) {
        return fields + ",\"senderId\":\"s\",\"payload\":{\"n\":1},\"idempotencyKey\":\"" + idempotencyKey + "\"}";
    }

    private static HttpResponse<String> send(HttpClient http, NodeProcess node, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(node.base().resolve("/api/v1/messages"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Published accepted(HttpResponse<String> answer, String level, String room, String user) {
        JsonObject result = JsonParser.parseString(answer.body()).getAsJsonObject();
        assertThat(result.get("status").getAsString()).as(answer.body()).isEqualTo("accepted");
        return new Published(result.get("id").getAsString(), level, room, user);
    }

    /**
     * Waits until every viewer accounts for every message of its feed (delivered + skipped =
     * published), then checks: every CRITICAL and HIGH message of its feed delivered, nothing twice,
     * nothing outside its feed, entries in position order.
     */
    static void assertEveryViewerGotItsFeed(List<FeedViewer> viewers, List<Published> published) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (FeedViewer v : viewers) {
                long feed = published.stream().filter(p -> p.inFeedOf(v)).count();
                assertThat(v.accounted()).as("%s: delivered + skipped = published", v.user).isEqualTo(feed);
            }
        });
        for (FeedViewer v : viewers) {
            List<Message> got = v.entries();
            Set<String> feedIds = new HashSet<>();
            Set<String> mustHave = new HashSet<>();
            for (Published p : published) {
                if (p.inFeedOf(v)) {
                    feedIds.add(p.id());
                    if (p.mustArrive()) {
                        mustHave.add(p.id());
                    }
                }
            }
            List<String> ids = got.stream().map(Message::getId).toList();
            assertThat(ids).as("%s: nothing twice", v.user).doesNotHaveDuplicates();
            assertThat(feedIds).as("%s: only its feed", v.user).containsAll(ids);
            assertThat(ids).as("%s: every CRITICAL and HIGH message", v.user).containsAll(mustHave);
            for (boolean room : new boolean[] {true, false}) {
                assertThat(got.stream().filter(m -> (m.getScope() == Scope.SCOPE_ROOM) == room).map(Message::getCursorSeq).toList())
                        .as("%s: the %s family's messages in position order", v.user, room ? "room" : "platform")
                        .isSortedAccordingTo(Long::compare);
            }
        }
    }
}
