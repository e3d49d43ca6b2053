package io.roomcast.benchmarks.load;

import io.roomcast.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.HdrHistogram.Histogram;

/**
 * The hot room on {@code store=redis}, one node or several: the generator's own redis-server (free
 * loopback port, nothing on disk), the nodes after the first (spawned like it, on the same Redis),
 * and what the cluster costs per published message over each measure window: Redis's
 * {@code INFO commandstats} (calls and microseconds per command) and {@code INFO stats}
 * ({@code total_net_input_bytes}, {@code total_net_output_bytes}) read at the window's start and end,
 * divided by the messages accepted in the window; redis-server's CPU; and the e2e of sampled viewers
 * on the other nodes against those on the publishing node (which gets its own messages over the
 * bus too: the bus against no bus is one node with {@code cluster.enabled=false}).
 * Not thread-safe: the scenario's thread.
 */
final class Cluster implements AutoCloseable {
    /** What one measure window cost Redis, and the two groups' e2e. */
    record Window(double rate, long accepted, double seconds, Map<String, RedisInfo.Command> commands, long netIn,
                  long netOut, double redisCpu, Histogram node1, Histogram others) {
    }

    final RedisServerProcess redis;
    private final List<ServerUnderTest> others = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private final ProcFs redisProc;
    private RedisInfo before;
    private double cpuBefore;
    private long startNanos;

    private Cluster(RedisServerProcess redis) {
        this.redis = redis;
        this.redisProc = ProcFs.of(redis.pid());
    }

    /** Starts the redis-server the nodes will share. */
    static Cluster start() {
        try {
            return new Cluster(RedisServerProcess.start(List.of("--maxclients", "10000")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    /** The settings node 1 needs on top of the scenario's. */
    Map<String, String> firstNodeSettings() {
        return Map.of("store", "redis", "redis.url", redis.url(), "node.id", "node1");
    }

    /** Spawns nodes 2..{@code nodes} like {@code first}, each in {@code workDir/nodeN}; {@code progress} hears of each. */
    void spawnOthers(ServerUnderTest first, int nodes, Path workDir, BiConsumer<String, String> progress) {
        for (int n = 2; n <= nodes; n++) {
            ServerUnderTest node = first.another("node" + n, workDir.resolve("node" + n));
            others.add(node);
            progress.accept("start", "node" + n + " is up: pid " + node.pid + ", HTTP " + node.http + ", long connections "
                    + node.tcp + "; log " + node.log);
        }
    }

    /** Every node's long-connection endpoint, the publishing node's first. */
    List<InetSocketAddress> targets(ServerUnderTest first) {
        List<InetSocketAddress> out = new ArrayList<>(List.of(first.tcp));
        others.forEach(n -> out.add(n.tcp));
        return out;
    }

    /** The processes of the server side: every node, then redis-server. */
    List<ProcFs> processes(ServerUnderTest first) {
        List<ProcFs> out = new ArrayList<>(List.of(first.proc()));
        others.forEach(n -> out.add(n.proc()));
        out.add(redisProc);
        return out;
    }

    int nodes() {
        return 1 + others.size();
    }

    /** A measure window starts: the first readings of Redis, and the two viewer groups' e2e from now on. */
    void windowStarted(DeliveryStats stats) {
        stats.e2eNode1.getIntervalHistogram();
        stats.e2eOtherNodes.getIntervalHistogram();
        before = RedisInfo.read(redis.port());
        cpuBefore = redisProc.cpuSeconds();
        startNanos = System.nanoTime();
    }

    /** The measure window of the step at {@code rate} ended with {@code published}: what it cost Redis, and the e2e. */
    void windowEnded(double rate, Windows.Publish published, DeliveryStats stats) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpu = redisProc.cpuSeconds() - cpuBefore;
        RedisInfo after = RedisInfo.read(redis.port());
        windows.add(new Window(rate, published.accepted, seconds, after.commandsSince(before),
                after.number("total_net_input_bytes") - before.number("total_net_input_bytes"),
                after.number("total_net_output_bytes") - before.number("total_net_output_bytes"), cpu,
                stats.e2eNode1.getIntervalHistogram(), stats.e2eOtherNodes.getIntervalHistogram()));
    }

    /** The cluster's section of the report: one column per measure window. */
    void write(Report body) {
        if (windows.isEmpty()) {
            return;
        }
        body.heading(2, nodes() == 1 ? "Redis (one node on store=redis)" : "Cluster: " + nodes() + " nodes on one Redis");
        body.para(redis + ". Viewers spread round-robin over the nodes (viewer i on node i mod " + nodes() + "), every "
                + "message published through node 1. Per accepted message over the measure window: Redis's INFO commandstats "
                + "(calls, usec) and INFO stats (total_net_input/output_bytes) deltas, which include the generator's two INFO "
                + "readings (an info call and a few KiB out each). Commands a script runs (redis.call in append.lua) are "
                + "counted in their own rows and in evalsha's usec, so the usec sum counts them twice; redis-server's CPU "
                + "does not. Server CPU elsewhere in this report is the sum of the "
                + nodes() + " node" + (nodes() == 1 ? "" : "s") + " and redis-server.");
        body.table(ClusterTable.rows(windows, nodes()));
        if (nodes() > 1) {
            body.para("Node 1 stores each message and gets it back over the bus like the others (with cluster.enabled every "
                    + "node's pushes come from Redis sharded pub/sub, its own publishes included), so the extra is what being on "
                    + "another node than the publishing one adds at the same percentile; the bus against no bus is one node with "
                    + "--server.cluster.enabled=false against one with it.");
        }
    }

    /** Stops the other nodes, then Redis (node 1 is the scenario's to stop, before this). */
    @Override
    public void close() {
        for (ServerUnderTest node : others) {
            node.close();
        }
        redis.close();
    }

    /** The commands that ran in any window, most calls first in the first window they ran in. */
    static Set<String> commandNames(List<Window> windows) {
        Set<String> names = new LinkedHashSet<>();
        windows.forEach(w -> names.addAll(w.commands().keySet()));
        return names;
    }
}
