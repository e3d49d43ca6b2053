package io.roomcast.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The push path under load: {@code rooms} rooms with {@code viewersPerRoom} viewers each on long
 * connections (TLS unless {@code --plain}), a business server publishing {@code ratePerRoom}
 * messages a second into every room over HTTP, the render budget off, the room budget above the
 * rate. Measures deliveries per second at the viewers (entries received, summed), publish-to-receive
 * latency on a sample of connections, skipped counts by reason, and both sides' CPU.
 *
 * <p>{@code hot-room} is 1 room x 10,000 viewers at 2,000 messages/s; {@code many-rooms} is 1,000
 * rooms x 20 viewers at 20 messages/s each. Phases: ramp (connect and open every session), warm-up
 * (publishing, not counted), measure (the figures), drain (publishing stopped, until the last
 * blocks are in, for the accounting delivered + skipped = accepted x viewers).
 */
final class PushScenario extends Scenario {
    final String name;
    final int rooms;
    private final int viewersPerRoom;
    /** The rates to hold in turn, the phases and the publisher's pace. */
    final PushLoad load;
    final boolean tls;
    /** The viewers are on WebSocket ({@code --transport=ws}): unencrypted, whatever the TCP port's TLS. */
    final boolean webSocket;
    final String mix;
    private final boolean heapHistogram;
    /** {@code --nodes}: nodes on one Redis (the generator's own), viewers spread over them; 1 with the other stores. */
    final int nodes;
    /** {@code --store=redis} on spawned nodes: the generator starts the Redis and measures it ({@link Cluster}). */
    private final boolean ownRedis;
    private Cluster cluster;
    /** Where the sweep's chart goes ({@code --out=FILE.md} -> {@code FILE-sweep.png}), or null without {@code --out}. */
    final Path chart;

    private PushScenario(Options options, String command, String name, int rooms, int viewersPerRoom, double ratePerRoom,
                         int latencyEvery) {
        super(options, command);
        this.name = name;
        this.rooms = options.integer("rooms", rooms, 1, 1_000_000);
        this.viewersPerRoom = options.integer(rooms == 1 ? "viewers" : "viewers-per-room", viewersPerRoom, 1, 10_000_000);
        this.tls = !options.flag("plain", false);
        this.webSocket = options.oneOf("transport", "tcp", "tcp", "ws").equals("ws");
        this.load = PushLoad.read(options, rooms == 1 ? "rate" : "rate-per-room", ratePerRoom, latencyEvery, tls);
        this.mix = options.string("mix", "chat=1");
        this.heapHistogram = options.flag("server-histogram", false);
        this.chart = SweepChart.pathFor(options);
        this.nodes = options.integer("nodes", 1, 1, 16);
        String store = options.oneOf("store", "memory", "memory", "chronicle", "redis");
        boolean external = options.has("server");
        if (nodes > 1 && (!store.equals("redis") || external || options.has("server.redis.url"))) {
            throw new IllegalArgumentException("--nodes=" + nodes + " needs --store=redis on spawned nodes (the generator starts "
                    + "their Redis): drop --server= and --server.redis.url=");
        }
        this.ownRedis = store.equals("redis") && !external && !options.has("server.redis.url");
    }

    static PushScenario hotRoom(Options options, String command) {
        return new PushScenario(options, command, "hot-room", 1, 10_000, 2_000, 100);
    }

    static PushScenario manyRooms(Options options, String command) {
        return new PushScenario(options, command, "many-rooms", 1_000, 20, 20, 10);
    }

    @Override
    String name() {
        return name;
    }

    /** The viewers' wire, for the report. */
    String wire() {
        return webSocket ? "WebSocket, plain" : tls ? "TLS" : "plain TCP";
    }

    /** Whether the viewers' connections are encrypted (TLS on the TCP port, and not WebSocket). */
    boolean viewersTls() {
        return tls && !webSocket;
    }

    @Override
    String purpose() {
        String wire = webSocket ? "on WebSocket (/api/v1/ws of the HTTP port, binary)" : "on long connections (" + wire() + ")";
        return String.format(Locale.ROOT, "%,d room%s x %,d viewers %s%s, %s messages/s published "
                        + "per room over HTTP (%d-byte payloads), render budget off: deliveries per second at the viewers, "
                        + "publish-to-receive latency, skipped counts, CPU of both sides.",
                rooms, rooms == 1 ? "" : "s", viewersPerRoom, wire,
                nodes > 1 ? " spread over " + nodes + " nodes on one Redis, published through node 1" : "",
                load.isSweep() ? "in steps of " + load.rateList() : Fmt.rate(load.rates().get(0)), load.payloadBytes());
    }

    @Override
    void execute() {
        double maxRate = load.maxRate();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("render.budget", "0");
        settings.put("room.budget", Long.toString((long) Math.max(1_000, Math.ceil(maxRate * 2))));
        settings.put("tcp.max.new.per.second", Long.toString((long) Math.max(2_000, load.connectRate() * 2)));
        settings.put("tcp.max.connections", Long.toString(Math.max(200_000L, (long) rooms * viewersPerRoom + 1_000)));
        List<Publisher.Kind> kinds = Publisher.parseMix(mix);
        List<String> roomIds = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            roomIds.add(rooms == 1 ? "hot" : "room-" + r);
        }
        if (ownRedis) {
            cluster = closeLater(Cluster.start());
            progress("start", cluster.redis + " for " + nodes + " node" + (nodes == 1 ? "" : "s"));
            settings.putAll(cluster.firstNodeSettings());
        }
        startServer(tls, settings, roomIds.get(0));
        if (cluster != null) {
            cluster.spawnOthers(server, nodes, workDir, this::progress);
            measureAll(cluster.processes(server));
            notes.add("Server CPU and RSS are the sums of " + nodes + " node" + (nodes == 1 ? "" : "s") + " and redis-server; "
                    + "syscalls and GC are node 1's.");
        }
        startClock();
        int wanted = rooms * viewersPerRoom;
        int viewers = capConnections("viewers", wanted, 64, 64);
        int perRoom = Math.max(1, viewers / rooms);
        if (perRoom * rooms != viewers) {
            notes.add("Viewers rounded down to a whole number per room: " + perRoom + " x " + Fmt.count(rooms) + " = "
                    + Fmt.count((long) perRoom * rooms) + ".");
        }
        viewers = perRoom * rooms;

        List<String> users = new ArrayList<>(viewers);
        for (int i = 0; i < viewers; i++) {
            users.add("v" + i);
        }
        progress("tokens", "signing " + Fmt.count(viewers) + " user tokens");
        List<String> tokens = tokens(users);
        List<Viewers.Spec> specs = new ArrayList<>(viewers);
        int sampled = 0;
        for (int i = 0; i < viewers; i++) {
            // Viewer i watches room i % rooms, so every room gets its share of sampled viewers.
            boolean sample = NodeSpread.sampled(i, nodes, load.latencyEvery());
            sampled += sample ? 1 : 0;
            specs.add(new Viewers.Spec(users.get(i), tokens.get(i), roomIds.get(i % rooms), sample));
        }

        DeliveryStats stats = new DeliveryStats();
        Viewers fleet = newViewers(stats, viewers);
        Windows.Delivery.Sampler deliveries = new Windows.Delivery.Sampler(stats);
        PushPhases phases = new PushPhases(this, load, rooms);
        PushPhases.Ramp ramp = phases.ramp(fleet, specs, stats, deliveries);
        List<PushPhases.Step> steps = phases.steps(new RoomcastTarget(kinds, roomIds, stats), deliveries);
        new PushReport(this).write(viewers, sampled, ramp, steps, stats, fleet.describe());
        if (cluster != null) {
            cluster.write(body);
        }
    }

    @Override
    protected List<java.net.InetSocketAddress> viewerTargets() {
        return cluster == null ? super.viewerTargets() : cluster.targets(server);
    }

    /** Publishing over HTTP as a business server does; the node's metrics, GC log and heap. */
    private final class RoomcastTarget implements PushPhases.Target {
        private final List<Publisher.Kind> kinds;
        private final List<String> roomIds;
        private final DeliveryStats stats;

        RoomcastTarget(List<Publisher.Kind> kinds, List<String> roomIds, DeliveryStats stats) {
            this.kinds = kinds;
            this.roomIds = roomIds;
            this.stats = stats;
        }

        @Override
        public void windowStarted() {
            if (cluster != null) {
                cluster.windowStarted(stats);
            }
        }

        @Override
        public void windowEnded(double ratePerRoom, Windows.Publish published) {
            if (cluster != null) {
                cluster.windowEnded(ratePerRoom, published, stats);
            }
        }

        @Override
        public AutoCloseable publish(double messagesPerSecond, Publisher.Stats stats) {
            Publisher publisher = new Publisher(server.http, server.apiKey, load.payloadBytes(), kinds, roomIds, load.tickMillis(),
                    load.maxBatch(), load.maxInFlight(), stats);
            publisher.start(seconds -> messagesPerSecond);
            return publisher;
        }

        @Override
        public PrometheusText metrics() {
            return server.metrics();
        }

        @Override
        public JvmTools.Pauses gcPauses() {
            return server.gcPauses();
        }

        @Override
        public String histogram() {
            return heapHistogram ? serverHeapHistogram(15) : null;
        }
    }
}
