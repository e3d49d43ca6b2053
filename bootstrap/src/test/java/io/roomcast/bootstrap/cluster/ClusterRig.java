package io.roomcast.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.cluster.ClusterFeeds.FeedViewer;
import io.roomcast.bootstrap.cluster.ClusterFeeds.Published;
import io.roomcast.client.EndpointClient;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.UserId;
import io.roomcast.testing.RedisClusterProcess;
import io.roomcast.testing.RedisServerProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server (or a Redis Cluster of three masters) and roomcast nodes on it ({@code store=redis}, the cluster bus on, the same API
 * key and token secret, no render budget, plain long connections), and the long-connection viewers
 * the test attaches to them. Closing stops viewers, nodes and Redis. Not thread-safe.
 */
final class ClusterRig implements AutoCloseable {
    /** The one redis-server, or null on a Redis Cluster or alone. */
    final RedisServerProcess redis;
    /** The Redis Cluster, or null on one redis-server or alone. */
    final RedisClusterProcess cluster;
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<FeedViewer> viewers = new ArrayList<>();
    private final List<LongConnectionClient> clients = new ArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final JwtUserTokens tokens = new JwtUserTokens(ClusterFeeds.SECRET, Clock.system());

    private ClusterRig(RedisServerProcess redis, RedisClusterProcess cluster) {
        this.redis = redis;
        this.cluster = cluster;
    }

    static ClusterRig start(Path work, int nodeCount) throws Exception {
        return start(work, nodeCount, "--room.budget=1000000");
    }

    /** As {@link #start(Path, int)}, with {@code roomRules} (such as {@code --room.budget=}) instead of a budget that admits all. */
    static ClusterRig start(Path work, int nodeCount, String... roomRules) throws Exception {
        return startNodes(new ClusterRig(RedisServerProcess.start(), null), work, nodeCount, roomRules);
    }

    /** {@code nodeCount} nodes on a Redis Cluster of three masters, given only the seeds. */
    static ClusterRig onRedisCluster(Path work, int nodeCount) throws Exception {
        return startNodes(new ClusterRig(null, RedisClusterProcess.start()), work, nodeCount, "--room.budget=1000000");
    }

    /** One node alone on its embedded Chronicle store (no Redis), with {@code settings}. */
    static ClusterRig alone(Path work, String... settings) throws Exception {
        ClusterRig rig = new ClusterRig(null, null);
        try {
            List<String> all = new ArrayList<>(List.of("--store=chronicle",
                    "--api.keys=" + ClusterFeeds.KEY, "--token.secret=" + ClusterFeeds.SECRET, "--render.budget=0",
                    "--tcp.tls=false"));
            all.addAll(List.of(settings));
            rig.nodes.add(NodeProcess.start(work, "node0", all));
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    private String redisUrl() {
        return redis != null ? redis.url() : cluster.seeds();
    }

    private static ClusterRig startNodes(ClusterRig rig, Path work, int nodeCount, String... roomRules) throws Exception {
        try {
            for (int i = 0; i < nodeCount; i++) {
                List<String> settings = new ArrayList<>(List.of("--store=redis", "--redis=" + rig.redisUrl(),
                        "--api.keys=" + ClusterFeeds.KEY, "--token.secret=" + ClusterFeeds.SECRET,
                        "--render.budget=0", "--tcp.tls=false"));
                settings.addAll(List.of(roomRules));
                rig.nodes.add(NodeProcess.start(work, "node" + i, settings));
            }
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    /** A viewer of {@code room} on {@code node}, signed in as {@code user}; it reconnects there with its cursor. */
    FeedViewer watch(NodeProcess node, String room, String user) {
        return watch(List.of(node.endpoint()), room, user);
    }

    /**
     * A viewer of {@code room} on the endpoints {@code asked} hands out ({@code GET /api/v1/endpoint}):
     * it connects to the first and, when one cannot be reached, to the next, with its cursor.
     */
    FeedViewer watchVia(NodeProcess asked, String room, String user) throws Exception {
        return watch(endpoints(asked, room), room, user);
    }

    /** A viewer of {@code room} that connects to the first of {@code nodes} and, when one cannot be reached, to the next. */
    FeedViewer watchOn(List<NodeProcess> nodes, String room, String user) {
        return watch(nodes.stream().map(NodeProcess::endpoint).toList(), room, user);
    }

    /** What {@code asked} answers to {@code GET /api/v1/endpoint?roomId=room}. */
    List<String> endpoints(NodeProcess asked, String room) throws Exception {
        return new EndpointClient(asked.base()).fetch(room, token("endpoint-asker")).getTcpList();
    }

    /** The viewers' clients, in the order of {@link #viewers}. */
    List<LongConnectionClient> clients() {
        return List.copyOf(clients);
    }

    private FeedViewer watch(List<String> endpoints, String room, String user) {
        FeedViewer viewer = new FeedViewer(room, user);
        viewers.add(viewer);
        clients.add(LongConnectionClient.builder().endpoints(endpoints).tls(Tls.plaintext())
                .token(token(user)).room(room).listener(viewer).eventLoopGroup(group)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build().start());
        return viewer;
    }

    private String token(String user) {
        return tokens.issue(UserId.of(user), Duration.ofMinutes(30), System.currentTimeMillis());
    }

    private static final String[] LEVELS = {"CRITICAL", "HIGH", "NORMAL", "LOW"};
    private int turn;

    /**
     * One round of publishes through the nodes in turn: a message to each of {@code rooms} at a level
     * that changes from round to round, and when {@code withPlatform} a broadcast and a unicast to
     * one of the viewers. Each accepted publish is added to {@code published}.
     */
    void publishRound(HttpClient http, List<String> rooms, int round, boolean withPlatform, List<Published> published)
            throws Exception {
        for (String room : rooms) {
            published.add(ClusterFeeds.toRoom(http, nextNode(), room, LEVELS[(round + turn) % LEVELS.length]));
        }
        if (withPlatform) {
            published.add(ClusterFeeds.broadcast(http, nextNode()));
            FeedViewer someone = viewers.get(round % viewers.size());
            published.add(ClusterFeeds.toUser(http, nextNode(), someone.user));
        }
    }

    private NodeProcess nextNode() {
        return nodes.get(turn++ % nodes.size());
    }

    /** Every viewer got its feed ({@link ClusterFeeds#assertEveryViewerGotItsFeed}), and no node logged a leak or an error. */
    void assertEveryViewerGotItsFeed(List<Published> published) {
        ClusterFeeds.assertEveryViewerGotItsFeed(viewers, published);
        for (NodeProcess node : nodes) {
            assertThat(node.logTail()).as(node.name()).doesNotContain("LEAK").doesNotContain("ERROR");
        }
    }

    /** Waits until every viewer was welcomed: its node watches its room from then on. */
    void awaitWelcomes() throws Exception {
        for (LongConnectionClient client : clients) {
            client.firstWelcome().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        clients.forEach(LongConnectionClient::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        } else if (cluster != null) {
            cluster.close();
        }
    }
}
