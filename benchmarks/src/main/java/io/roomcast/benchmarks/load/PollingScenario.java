package io.roomcast.benchmarks.load;

import io.roomcast.testing.NginxProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Short polling, in up to five phases of one run (pick with {@code --phases=}):
 * <ol>
 *   <li>{@code paced-hot}: {@code --pollers} guests on one hot room (a publisher at {@code --rate}),
 *       each polling again after the answer's {@code pollAfterMs} (at once on {@code more});</li>
 *   <li>{@code paced-rooms}: the same pollers spread over {@code --spread-rooms} rooms, the same
 *       publish rate spread over them;</li>
 *   <li>{@code flat-hot}: {@code --flat-connections} connections polling the hot room flat out
 *       (one request in flight each), the publisher still running;</li>
 *   <li>{@code bare}: roomcast stopped, a {@link BareUndertow} child JVM with the same heap and IO
 *       and worker threads as roomcast's HTTP API, answering every request on the IO thread with a
 *       fixed body as long as roomcast's mean flat-out answer, driven flat out by the same client;</li>
 *   <li>{@code bare-worker}: the same, the handler dispatched to a worker first, as roomcast's is;</li>
 *   <li>{@code slices-nginx} (only when asked for): the paced guests of the hot room as guests of the
 *       slices API through a real nginx cache ({@link NginxProcess}) in front of roomcast
 *       ({@link SliceWalk}): what nginx served, what reached roomcast, and roomcast's CPU per guest poll.</li>
 * </ol>
 * Polls per second, request latency, what the answers carried, both sides' CPU per phase, and
 * roomcast's flat-out guest poll rate as a percentage of the bare rates.
 */
final class PollingScenario extends Scenario {
    private static final List<String> DEFAULT_PHASES = List.of("paced-hot", "paced-rooms", "flat-hot", "bare", "bare-worker");
    private static final List<String> ALL_PHASES = List.of("paced-hot", "paced-rooms", "flat-hot", "bare", "bare-worker",
            "slices-nginx");

    private final int pollers;
    private final int spreadRooms;
    final double rate;
    private final int flatConnections;
    final int warmup;
    final int duration;
    private final double connectRate;
    final int latencyEvery;
    final int limit;
    private final boolean viewerIds;
    private final List<String> phases;
    final int payloadBytes;
    private final int bareBodyBytes;
    private final int rounds;
    /** roomcast's flat-out rate over the bare one, one per round (flat-hot then bare). */
    final List<Double> ratios = new ArrayList<>();

    PollingScenario(Options options, String command) {
        super(options, command);
        this.pollers = options.integer("pollers", 10_000, 1, 1_000_000);
        this.spreadRooms = options.integer("spread-rooms", 1_000, 1, 1_000_000);
        this.rate = options.decimal("rate", 2_000, 0, 1_000_000);
        this.flatConnections = options.integer("flat-connections", 64, 1, 100_000);
        this.warmup = options.integer("warmup", 5, 0, 3_600);
        this.duration = options.integer("duration", 15, 1, 3_600);
        this.connectRate = options.decimal("connect-rate", 2_000, 1, 1_000_000);
        this.latencyEvery = options.integer("latency-every", 100, 1, 1_000_000);
        this.limit = options.integer("limit", 0, 0, 100);
        this.viewerIds = options.flag("poll-viewer-ids", true);
        this.phases = options.list("phases", DEFAULT_PHASES);
        this.payloadBytes = options.integer("payload-bytes", 100, 40, 8_000);
        this.bareBodyBytes = options.integer("bare-body-bytes", 1_000, 16, 1 << 20);
        this.rounds = options.integer("rounds", 1, 1, 20);
        for (String p : phases) {
            if (!ALL_PHASES.contains(p)) {
                throw new IllegalArgumentException("--phases: unknown phase '" + p + "'; phases are " + ALL_PHASES);
            }
        }
    }

    @Override
    String name() {
        return "polling";
    }

    @Override
    String purpose() {
        return String.format(Locale.ROOT, "Short polling: %,d guests honouring pollAfterMs on one hot room and on %,d rooms "
                        + "(%,.0f messages/s published), then %,d connections flat out on the hot room, and the same client flat out "
                        + "against a bare Undertow server returning a fixed body: polls per second, latency, and roomcast's guest "
                        + "poll rate as a percentage of the bare rate.", pollers, spreadRooms, rate, flatConnections);
    }

    /** One phase's figures. */
    record Phase(String name, String what, Windows.Poll polls, Meter.Totals cpu, PrometheusText server,
                         Syscalls syscalls, Windows.Publish published, ViaNginx via) {
        double pollsPerSecond() {
            return polls.polls / Math.max(1e-9, cpu.seconds);
        }
    }

    @Override
    void execute() throws Exception {
        // The room budget above the publish rate, so the hot room really gets --rate (the burst scenario tests the budget).
        startServer(false, Map.of("room.budget", Long.toString((long) Math.max(1_000, Math.ceil(rate * 2)))), "hot");
        startClock();
        int paced = capConnections("pollers", pollers, 64, 64);
        NettyTransport transport = closeLater(NettyTransport.create(clientThreads, false, "poller"));
        InetSocketAddress http = new InetSocketAddress(server.http.getHost(), server.http.getPort());
        List<Phase> results = new ArrayList<>();
        double meanBody = -1;

        if (phases.contains("paced-hot")) {
            results.add(runPhase("paced-hot", paced + " guests on 1 room, paced by pollAfterMs", transport, http,
                    specs(paced, 1), Pollers.Mode.PACED, List.of("hot"), true));
        }
        if (phases.contains("paced-rooms")) {
            List<String> rooms = new ArrayList<>();
            for (int r = 0; r < spreadRooms; r++) {
                rooms.add("room-" + r);
            }
            results.add(runPhase("paced-rooms", paced + " guests over " + spreadRooms + " rooms, paced by pollAfterMs", transport, http,
                    specs(paced, spreadRooms), Pollers.Mode.PACED, rooms, true));
        }
        if (phases.contains("slices-nginx")) {
            results.add(runSlicesPhase(paced, transport));
        }
        Phase flat = null;
        if (phases.contains("flat-hot")) {
            flat = runPhase("flat-hot", flatConnections + " connections flat out on the hot room", transport, http,
                    specs(flatConnections, 1), Pollers.Mode.FLAT, List.of("hot"), true);
            results.add(flat);
            meanBody = flat.polls.polls == 0 ? -1 : (double) flat.polls.bodyBytes / flat.polls.polls;
        }
        // With --rounds=N the flat-hot and bare phases alternate N times and the ratio is taken per
        // round: on a shared machine the capacity drifts between two phases run once each.
        boolean alternate = rounds > 1 && flat != null && phases.contains("bare");
        if (phases.contains("bare") || phases.contains("bare-worker")) {
            if (!alternate) {
                closeNow(server);
            }
            int body = (int) Math.round(meanBody > 0 ? meanBody : bareBodyBytes);
            for (String bare : List.of("bare", "bare-worker")) {
                if (phases.contains(bare)) {
                    Phase phase = runBare(bare, body, transport);
                    results.add(phase);
                    if (bare.equals("bare") && flat != null) {
                        ratios.add(flat.pollsPerSecond() / Math.max(1e-9, phase.pollsPerSecond()));
                    }
                }
            }
            for (int round = 2; alternate && round <= rounds; round++) {
                Phase again = runPhase("flat-hot#" + round, flatConnections + " connections flat out on the hot room",
                        transport, http, specs(flatConnections, 1), Pollers.Mode.FLAT, List.of("hot"), true);
                Phase bare = runBare("bare#" + round, body, transport);
                results.add(again);
                results.add(bare);
                ratios.add(again.pollsPerSecond() / Math.max(1e-9, bare.pollsPerSecond()));
            }
            if (alternate) {
                closeNow(server);
                closeNow(keptBare);
            }
        }
        new PollingReport(this).write(results, flat, meanBody);
    }

    private List<Pollers.Spec> specs(int count, int rooms) {
        List<Pollers.Spec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String room = rooms == 1 ? "hot" : "room-" + (i % rooms);
            out.add(new Pollers.Spec(room, viewerIds ? "p" + i : null, i % latencyEvery == 0));
        }
        return out;
    }

    /** The paced hot-room guests polling slices through a real nginx in front of roomcast. */
    private Phase runSlicesPhase(int guests, NettyTransport transport) throws IOException {
        NginxProcess nginx = closeLater(NginxProcess.start(server.http.getHost(), server.http.getPort(), guests + 1_000));
        progress("slices-nginx", "nginx " + nginx.url("/") + " in front of roomcast, pids " + nginx.pids());
        via = new ViaNginx.Sampler(nginx);
        try {
            return runPhase("slices-nginx", guests + " guests on 1 room polling slices through nginx", transport,
                    new InetSocketAddress("127.0.0.1", nginx.port()), specs(guests, 1), Pollers.Mode.SLICES, List.of("hot"),
                    true);
        } finally {
            via = null;
            closeNow(nginx);
        }
    }

    /** nginx's window while the slices-nginx phase runs, else null. */
    private ViaNginx.Sampler via;

    private Phase runPhase(String name, String what, NettyTransport transport, InetSocketAddress http, List<Pollers.Spec> specs,
                           Pollers.Mode mode, List<String> rooms, boolean publish) {
        Publisher.Stats pubStats = new Publisher.Stats();
        Publisher publisher = null;
        if (publish && rate > 0) {
            publisher = closeLater(new Publisher(server.http, server.apiKey, payloadBytes, Publisher.parseMix("chat=1"), rooms, 50, 500,
                    64, pubStats));
            publisher.start(seconds -> rate);
        }
        Windows.Publish.Sampler pubSampler = new Windows.Publish.Sampler(pubStats);
        Phase phase = drive(name, what, transport, http, specs, mode, pubSampler);
        if (publisher != null) {
            closeNow(publisher);
        }
        return phase;
    }

    private Phase drive(String name, String what, NettyTransport transport, InetSocketAddress http, List<Pollers.Spec> specs,
                        Pollers.Mode mode, Windows.Publish.Sampler pubSampler) {
        Pollers.Stats stats = new Pollers.Stats();
        Pollers fleet = closeLater(new Pollers(transport, http, stats, mode, limit, 2_000));
        Windows.Poll.Sampler sampler = new Windows.Poll.Sampler(stats);
        fleet.open(specs, connectRate);
        tickUntil(name + ":ramp", () -> stats.connected.get() >= specs.size(), Duration.ofSeconds(
                Math.max(60, (long) (3 * specs.size() / connectRate))), r -> "connected " + Fmt.count(stats.connected.get()) + "/"
                + Fmt.count(specs.size()) + " | polls/s " + Fmt.si(sampler.next().polls / Math.max(1e-9, r.seconds())) + " | " + cpu(r));
        for (int s = 0; s < warmup; s++) {
            Meter.Reading r = tick();
            progress(name + ":warm", line(sampler.next(), r));
        }
        pubSampler.next();
        PrometheusText before = server != null ? server.metrics() : PrometheusText.empty();
        if (via != null) {
            via.begin();
        }
        Windows.Poll window = new Windows.Poll();
        Windows.Publish published = new Windows.Publish();
        Meter.Totals totals = new Meter.Totals();
        int perfAt = Math.max(0, (duration - perfSeconds) / 2);
        PerfStat[] perf = null;
        for (int s = 0; s < duration; s++) {
            if (s == perfAt && mode == Pollers.Mode.FLAT) {
                perf = startPerf();
            }
            Meter.Reading r = tick();
            Windows.Poll p = sampler.next();
            window.add(p);
            published.add(pubSampler.next());
            totals.add(r);
            progress(name, line(p, r));
        }
        PrometheusText serverWindow = server != null ? server.metrics().minus(before) : PrometheusText.empty();
        ViaNginx nginxWindow = via != null ? via.end() : null;
        Syscalls syscalls = awaitPerf(perf);
        closeNow(fleet);
        noteCpuSaturation("Phase " + name, totals);
        return new Phase(name, what, window, totals, serverWindow, syscalls, published, nginxWindow);
    }

    /** The bare server kept between rounds (--rounds), so that it is as warm as roomcast; null otherwise. */
    private ChildProcess keptBare;
    private int keptBarePort;

    private Phase runBare(String name, int bodyBytes, NettyTransport transport) throws IOException, InterruptedException {
        boolean dispatch = name.equals("bare-worker");
        boolean keep = rounds > 1 && !dispatch;
        if (keep && keptBare != null) {
            return driveBare(name, bodyBytes, transport, keptBare, keptBarePort, false);
        }
        int port = ServerUnderTest.freePort();
        int io = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.javaBinary(), "-Xmx" + serverHeap,
                "-cp", System.getProperty("java.class.path"), BareUndertow.class.getName(), "--port=" + port,
                "--io-threads=" + io, "--worker-threads=" + io * 8, "--body-bytes=" + bodyBytes));
        if (dispatch) {
            cmd.add("--dispatch");
        }
        progress(name, "starting " + String.join(" ", cmd));
        ChildProcess bare = closeLater(ChildProcess.start(cmd, workDir.resolve(name + ".log")));
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                if (!bare.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare Undertow server did not start: " + bare.tail(20), e);
                }
            }
            Thread.sleep(200);
        }
        if (keep) {
            keptBare = bare;
            keptBarePort = port;
        }
        return driveBare(name, bodyBytes, transport, bare, port, !keep);
    }

    private Phase driveBare(String name, int bodyBytes, NettyTransport transport, ChildProcess bare, int port, boolean close) {
        Meter roomcastMeter = meter;
        meter = new Meter(ProcFs.of(bare.pid()));
        long pid = bare.pid();
        ServerUnderTest previous = server;
        server = null;
        Phase phase;
        try {
            bareUnderTest = pid;
            phase = drive(name, flatConnections + " connections flat out, fixed " + bodyBytes + "-byte body"
                    + (name.equals("bare-worker") ? ", dispatched to a worker" : ", on the IO thread"), transport,
                    new InetSocketAddress("127.0.0.1", port), specs(flatConnections, 1), Pollers.Mode.FLAT,
                    new Windows.Publish.Sampler(new Publisher.Stats()));
        } finally {
            server = previous;
            meter = roomcastMeter;
            bareUnderTest = -1;
        }
        if (close) {
            closeNow(bare);
        }
        return phase;
    }

    /** The bare server's pid while a bare phase runs (for the syscall counts), else -1. */
    private long bareUnderTest = -1;

    @Override
    protected PerfStat[] startPerf() {
        if (bareUnderTest > 0) {
            int seconds = perfSeconds;
            return seconds == 0 ? null : new PerfStat[] {PerfStat.start(bareUnderTest, seconds, workDir),
                PerfStat.start(ProcessHandle.current().pid(), seconds, workDir)};
        }
        return super.startPerf();
    }

    private String line(Windows.Poll p, Meter.Reading r) {
        double s = Math.max(1e-9, r.seconds());
        return "pollers " + Fmt.count(p.connected) + " | polls/s " + Fmt.si(p.polls / s) + " | latency p50 " + Fmt.percentile(p.latency, 50)
                + " p99 " + Fmt.percentile(p.latency, 99) + " | messages/s " + Fmt.si(p.messages.entries / s)
                + " | statuses " + p.statuses + " | " + cpu(r);
    }
}
