package io.roomcast.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters and no replicas for tests: three durable
 * {@link RedisServerProcess#startClusterNode() cluster nodes} on free loopback ports, joined with
 * {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes} (slots 0-5460,
 * 5461-10922 and 10923-16383, masters 0, 1 and 2 in that order).
 *
 * <pre>{@code
 * try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
 *     String seeds = cluster.seeds();   // redis://127.0.0.1:<p1>,redis://127.0.0.1:<p2>,...
 *     cluster.moveSlot(cluster.slotOf("live::{r1}::bus"), 2);
 * }
 * }</pre>
 *
 * <p>Faults a test can cause: {@link #restartMaster} (SIGKILL and start again on the same port,
 * directory, {@code nodes.conf} and append-only file: same node id, same slots, nothing acknowledged
 * lost), {@link #moveSlot} (a slot, with its keys, to another master, as a resharding does) and
 * {@link #killPubSub} (every pub/sub client of every master disconnected). Commands go through
 * {@code redis-cli} (found next to {@code redis-server}). Not thread-safe; the servers' shutdown
 * hook kills what a test left running.
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** Hash slots of Redis Cluster. */
    public static final int SLOTS = 16_384;
    private static final int MASTERS = 3;
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final List<RedisServerProcess> masters;
    private final ClusterCli cli;

    private RedisClusterProcess(List<RedisServerProcess> masters, ClusterCli cli) {
        this.masters = List.copyOf(masters);
        this.cli = cli;
    }

    /** Starts three masters, makes them one cluster and waits until every master says it is ok. */
    public static RedisClusterProcess start() throws IOException {
        List<RedisServerProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                started.add(RedisServerProcess.startClusterNode());
            }
            RedisClusterProcess cluster = new RedisClusterProcess(started, new ClusterCli(RedisCommandLine.findCli()));
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            started.forEach(m -> create.add("127.0.0.1:" + m.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            cluster.cli.expect(create, "[OK] All 16384 slots covered");
            cluster.awaitClusterOk();
            return cluster;
        } catch (IOException | RuntimeException e) {
            started.forEach(RedisServerProcess::close);
            throw e;
        }
    }

    /** The seeds as {@code redis.url} takes them: every master's URL, comma-separated. */
    public String seeds() {
        return masters.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    /** Master {@code i} (0-2). */
    public RedisServerProcess master(int i) {
        return masters.get(i);
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}: the hash tag's, when it has one). */
    public int slotOf(String key) throws IOException {
        return Integer.parseInt(cli.command(port(0), "CLUSTER", "KEYSLOT", key));
    }

    /** Which master (0-2) owns {@code slot}, as master 0 sees the cluster (or any live one when it is down). */
    public int ownerOf(int slot) throws IOException {
        return index(ClusterNodes.parse(cli.command(anyLivePort(), "CLUSTER", "NODES")).ownerOf(slot));
    }

    /** Waits until every running master reports {@code cluster_state:ok} with all slots served and all three known. */
    public void awaitClusterOk() throws IOException {
        await("cluster_state:ok on every master", () -> {
            for (RedisServerProcess m : masters) {
                String info = cli.quietly(m.port(), "CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)
                        || !info.contains("cluster_known_nodes:" + MASTERS)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Ends master {@code i} with SIGKILL, as a crash would, starts it again on the same port and
     * directory, and waits for the cluster to be ok.
     */
    public void restartMaster(int i) throws IOException {
        RedisServerProcess m = masters.get(i);
        m.kill();
        m.restart();
        awaitClusterOk();
    }

    /**
     * Moves {@code slot} to master {@code to}, with its keys: {@code CLUSTER SETSLOT ... IMPORTING} on
     * the new owner and {@code MIGRATING} on the old one, {@code MIGRATE} of its keys in batches, then
     * {@code CLUSTER SETSLOT ... NODE} on the new owner, the old one and the third master. Returns when
     * every master names the new owner. Redis sends {@code sunsubscribe} to the slot's shard-channel
     * subscribers on the old owner. Nothing may write to the slot meanwhile.
     */
    public void moveSlot(int slot, int to) throws IOException {
        int from = ownerOf(slot);
        if (from == to) {
            return;
        }
        String slotText = Integer.toString(slot);
        String target = nodeId(to);
        String source = nodeId(from);
        cli.expect(port(to), "OK", "CLUSTER", "SETSLOT", slotText, "IMPORTING", source);
        cli.expect(port(from), "OK", "CLUSTER", "SETSLOT", slotText, "MIGRATING", target);
        for (List<String> keys = keysIn(from, slot); !keys.isEmpty(); keys = keysIn(from, slot)) {
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(port(to)), "", "0",
                    "10000", "KEYS"));
            migrate.addAll(keys);
            cli.expect(port(from), "OK", migrate.toArray(String[]::new));
        }
        cli.expect(port(to), "OK", "CLUSTER", "SETSLOT", slotText, "NODE", target);
        cli.expect(port(from), "OK", "CLUSTER", "SETSLOT", slotText, "NODE", target);
        for (int i = 0; i < MASTERS; i++) {
            if (i != to && i != from) {
                cli.expect(port(i), "OK", "CLUSTER", "SETSLOT", slotText, "NODE", target);
            }
        }
        await("slot " + slot + " owned by master " + to + " on every master", () -> {
            for (RedisServerProcess m : masters) {
                String nodes = cli.quietly(m.port(), "CLUSTER", "NODES");
                if (nodes.isEmpty() || !target.equals(ClusterNodes.parse(nodes).ownerOf(slot))) {
                    return false;
                }
            }
            return true;
        });
        awaitClusterOk();
    }

    /**
     * Closes every pub/sub client's connection on every running master ({@code CLIENT KILL TYPE
     * pubsub}), as a network blip or Redis's output-buffer limit would.
     *
     * @return how many connections were closed
     */
    public long killPubSub() throws IOException {
        long killed = 0;
        for (RedisServerProcess m : masters) {
            if (m.isAlive()) {
                killed += m.killPubSub();
            }
        }
        return killed;
    }

    /** Subscribers of shard channel {@code channel} at the master of its slot ({@code PUBSUB SHARDNUMSUB}). */
    public long shardSubscribers(String channel) throws IOException {
        String[] reply = cli.command(port(ownerOf(slotOf(channel))), "PUBSUB", "SHARDNUMSUB", channel).split("\n");
        return Long.parseLong(reply[reply.length - 1].strip());
    }

    /** Master {@code i}'s node id ({@code CLUSTER MYID}). */
    public String nodeId(int i) throws IOException {
        return cli.command(port(i), "CLUSTER", "MYID");
    }

    /** Stops the three masters and deletes their directories. */
    @Override
    public void close() {
        masters.forEach(RedisServerProcess::close);
    }

    @Override
    public String toString() {
        return "Redis Cluster " + masters;
    }

    private List<String> keysIn(int master, int slot) throws IOException {
        String out = cli.command(port(master), "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private int index(String nodeId) throws IOException {
        for (int i = 0; i < MASTERS; i++) {
            if (masters.get(i).isAlive() && nodeId(i).equals(nodeId)) {
                return i;
            }
        }
        throw new IOException("no running master has node id " + nodeId + ": " + this);
    }

    private int port(int i) {
        return masters.get(i).port();
    }

    private int anyLivePort() throws IOException {
        return masters.stream().filter(RedisServerProcess::isAlive).findFirst()
                .orElseThrow(() -> new IOException("no master is running: " + this)).port();
    }

    /** Polls a condition on child processes until it holds; no test time passes here. */
    private void await(String what, IoCondition condition) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + what + " within " + READY_TIMEOUT_MILLIS + " ms: " + this);
            }
            try {
                Thread.sleep(50); // polling child processes that settle by gossip
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
    }

    @FunctionalInterface
    private interface IoCondition {
        boolean holds() throws IOException;
    }
}
