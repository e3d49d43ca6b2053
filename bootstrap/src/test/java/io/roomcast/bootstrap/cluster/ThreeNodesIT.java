package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Message;
import io.roomcast.testing.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
    private static final String KEY = "cluster-key-0123456789abcdef";
    private static final String SECRET = "cluster-secret-0123456789abcdef-0123456789";
    private static final List<String> ROOMS = List.of("red", "green", "blue");
    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW"};
    private static final int VIEWERS_PER_ROOM_AND_NODE = 2;
    private static final int ROUNDS = 40;

    @TempDir
    Path work;

    private RedisServerProcess redis;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<LongConnectionClient> clients = new ArrayList<>();
    private EventLoopGroup group;

    /** One viewer: what it should get and what it got, across reconnects (the client resumes by cursor). */
    private static final class Viewer implements LongConnectionListener {
        final String room;
        final String user;
        final List<Message> entries = new ArrayList<>();
        long skipped;

        Viewer(String room, String user) {
            this.room = room;
            this.user = user;
        }

        @Override
        public synchronized void onBlock(Block block) {
            entries.addAll(block.getEntriesList());
            var s = block.getSkipped();
            skipped += (long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded();
        }

        synchronized List<Message> entries() {
            return List.copyOf(entries);
        }

        synchronized long accounted() {
            return entries.size() + skipped;
        }
    }

    /** One accepted publish: whose feed it belongs to. */
    private record Published(String id, String level, String room, String user) {
        boolean inFeedOf(Viewer v) {
            return room != null ? room.equals(v.room) : user == null || user.equals(v.user);
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(LongConnectionClient::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void givenThreeNodesOnOneRedis_everyViewerGetsEveryCriticalAndHighMessageOnce_inOrder_andEveryMessageIsAccountedFor()
            throws Exception {
        redis = RedisServerProcess.start();
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start(work, "node" + i, List.of("--store=redis", "--redis=" + redis.url(),
                    "--api.keys=" + KEY, "--token.secret=" + SECRET, "--room.budget=1000000", "--render.budget=0",
                    "--tcp.tls=false")));
        }
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        JwtUserTokens tokens = new JwtUserTokens(SECRET, Clock.system());
        List<Viewer> viewers = new ArrayList<>();
        for (String room : ROOMS) {
            for (NodeProcess node : nodes) {
                for (int i = 0; i < VIEWERS_PER_ROOM_AND_NODE; i++) {
                    Viewer viewer = new Viewer(room, room + "-" + node.name() + "-" + i);
                    viewers.add(viewer);
                    String token = tokens.issue(UserId.of(viewer.user), Duration.ofMinutes(30), System.currentTimeMillis());
                    clients.add(LongConnectionClient.builder().endpoint("127.0.0.1", node.tcpPort()).tls(Tls.plaintext())
                            .token(token).room(room).listener(viewer).eventLoopGroup(group)
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build().start());
                }
            }
        }
        for (LongConnectionClient client : clients) {
            client.firstWelcome().get(60, TimeUnit.SECONDS);
        }

        List<Published> published = publishThroughEveryNode(viewers);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Viewer v : viewers) {
                long feed = published.stream().filter(p -> p.inFeedOf(v)).count();
                assertThat(v.accounted()).as("%s: delivered + skipped = published", v.user).isEqualTo(feed);
            }
        });
        for (Viewer v : viewers) {
            List<Message> got = v.entries();
            Set<String> feedIds = new HashSet<>();
            Set<String> mustHave = new HashSet<>();
            for (Published p : published) {
                if (p.inFeedOf(v)) {
                    feedIds.add(p.id);
                    if (p.level.equals("CRITICAL") || p.level.equals("HIGH")) {
                        mustHave.add(p.id);
                    }
                }
            }
            List<String> ids = got.stream().map(Message::getId).toList();
            assertThat(ids).as("%s: nothing twice", v.user).doesNotHaveDuplicates();
            assertThat(feedIds).as("%s: only its feed", v.user).containsAll(ids);
            assertThat(ids).as("%s: every CRITICAL and HIGH message", v.user).containsAll(mustHave);
            assertThat(got.stream().map(Message::getCursorSeq).toList()).as("%s: in position order", v.user)
                    .isSortedAccordingTo(Long::compare);
        }
        for (NodeProcess node : nodes) {
            assertThat(node.logTail()).as(node.name()).doesNotContain("LEAK").doesNotContain("ERROR");
        }
    }

    /** Room messages of every level to every room, broadcasts and unicast, each through the next node in turn. */
    private List<Published> publishThroughEveryNode(List<Viewer> viewers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Published> published = new ArrayList<>();
        int turn = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (String room : ROOMS) {
                String level = LEVELS[(round + turn) % LEVELS.length];
                String category = level.equals("LOW") ? "CHAT" : "GIFT";
                published.add(publish(http, nodes.get(turn++ % nodes.size()), level, room, null,
                        "{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"" + category + "\",\"priority\":\""
                                + level + "\""));
            }
            if (round % 4 == 0) {
                published.add(publish(http, nodes.get(turn++ % nodes.size()), "HIGH", null, null,
                        "{\"scope\":\"broadcast\",\"category\":\"NOTIFY\",\"priority\":\"HIGH\""));
                String user = viewers.get(round % viewers.size()).user;
                published.add(publish(http, nodes.get(turn++ % nodes.size()), "CRITICAL", null, user,
                        "{\"scope\":\"user\",\"userId\":\"" + user + "\",\"category\":\"NOTIFY\",\"priority\":\"CRITICAL\""));
            }
        }
        return published;
    }

    private static Published publish(HttpClient http, NodeProcess node, String level, String room, String user,
                                     String fields) throws Exception {
        String body = fields + ",\"senderId\":\"s\",\"payload\":{\"n\":1},\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.base().resolve("/api/v1/messages"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonObject result = JsonParser.parseString(answer.body()).getAsJsonObject();
        assertThat(result.get("status").getAsString()).as(answer.body()).isEqualTo("accepted");
        return new Published(result.get("id").getAsString(), level, room, user);
    }
}
