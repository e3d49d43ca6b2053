package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *   <li>{@code bare-worker}: the same, the handler dispatched to a worker first, as roomcast's is.</li>
 * </ol>
 * Polls per second, request latency, what the answers carried, both sides' CPU per phase, and
 * roomcast's flat-out guest poll rate as a percentage of the bare rates.
 */
final class PollingScenario extends Scenario {
    private static final List<String> ALL_PHASES = List.of("paced-hot", "paced-rooms", "flat-hot", "bare", "bare-worker");

    private final int pollers;
    private final int spreadRooms;
    private final double rate;
    private final int flatConnections;
    private final int warmup;
    private final int duration;
    private final double connectRate;
    private final int latencyEvery;
    private final int limit;
    private final boolean viewerIds;
    private final List<String> phases;
    private final int payloadBytes;
    private final int bareBodyBytes;
    private final int rounds;
    /** roomcast's flat-out rate over the bare one, one per round (flat-hot then bare). */
    private final List<Double> ratios = new ArrayList<>();

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
        this.phases = options.list("phases", ALL_PHASES);
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
    private record Phase(String name, String what, Windows.Poll polls, Meter.Totals cpu, PrometheusText server,
                         Syscalls syscalls, Windows.Publish published) {
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
        report(results, flat, meanBody);
    }

    private List<Pollers.Spec> specs(int count, int rooms) {
        List<Pollers.Spec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String room = rooms == 1 ? "hot" : "room-" + (i % rooms);
            out.add(new Pollers.Spec(room, viewerIds ? "p" + i : null, i % latencyEvery == 0));
        }
        return out;
    }

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
        Syscalls syscalls = awaitPerf(perf);
        closeNow(fleet);
        noteCpuSaturation("Phase " + name, totals);
        return new Phase(name, what, window, totals, serverWindow, syscalls, published);
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

    private void report(List<Phase> results, Phase flat, double meanBody) {
        body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(row("setting", "value"));
        setup.add(row("Client", "lean Netty HTTP/1.1 keep-alive pollers (epoll when available, " + clientThreads
                + " event loops), one connection per poller, GET /api/v1/rooms/{room}/messages?cursor=..&viewer=.. with "
                + "Accept: application/x-protobuf, answers walked without building objects; every " + latencyEvery
                + "th poller also decodes the messages' publish times"));
        setup.add(row("Publisher", rate > 0 ? Fmt.rate(rate) + " messages/s (chat, " + payloadBytes + "-byte payloads) during the "
                + "roomcast phases, into the hot room or spread over the rooms" : "none"));
        setup.add(row("Limit per poll", limit == 0 ? "server default (15)" : Integer.toString(limit)));
        setup.add(row("Server", "roomcast settings as spawned (poll.cache.ms default 100); bare server: Undertow, "
                + Math.max(2, Runtime.getRuntime().availableProcessors()) + " IO threads, "
                + Math.max(2, Runtime.getRuntime().availableProcessors()) * 8 + " workers, -Xmx" + serverHeap));
        setup.add(row("Phases", "each: connect, " + warmup + " s warm-up, " + duration + " s measured"));
        body.table(setup);

        body.heading(2, "Results per phase");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("phase", "what", "polls/s", "latency p50 / p99 / p99.9", "answers", "messages/s carried",
                "server CPU", "client CPU"));
        for (Phase p : results) {
            rows.add(List.of(p.name(), p.what(), "**" + Fmt.rate(p.pollsPerSecond()) + "**",
                    Fmt.percentile(p.polls().latency, 50) + " / " + Fmt.percentile(p.polls().latency, 99) + " / "
                            + Fmt.percentile(p.polls().latency, 99.9),
                    p.polls().statuses + (p.polls().failures.isEmpty() ? "" : " failures " + p.polls().failures),
                    Fmt.rate(p.polls().messages.entries / Math.max(1e-9, p.cpu().seconds)),
                    Fmt.cores(p.cpu().serverCores()), Fmt.cores(p.cpu().clientCores())));
        }
        body.table(rows);

        for (Phase p : results) {
            body.heading(3, p.name());
            List<List<String>> detail = new ArrayList<>();
            detail.add(row("figure", "value"));
            double seconds = Math.max(1e-9, p.cpu().seconds);
            detail.add(row("Polls/s", Fmt.rate(p.pollsPerSecond()) + " (" + Fmt.count(p.polls().polls) + " in " + String.format(Locale.ROOT,
                    "%.1f", p.cpu().seconds) + " s), answers " + p.polls().statuses + ", mean body "
                    + (p.polls().polls == 0 ? "-" : Fmt.rate((double) p.polls().bodyBytes / p.polls().polls)) + " bytes"));
            detail.add(row("Poll latency (request written -> answer read)", Fmt.latencies(p.polls().latency)));
            detail.add(row("Messages carried", Fmt.rate(p.polls().messages.entries / seconds) + "/s; skipped told by reason: "
                    + Fmt.counts(p.polls().messages.skippedByReason()) + "; more=true " + Fmt.count(p.polls().more)
                    + ", reset " + Fmt.count(p.polls().resets)));
            if (p.polls().messages.e2e.getTotalCount() > 0) {
                detail.add(row("Publish -> received by a poller (sampled pollers)", Fmt.latencies(p.polls().messages.e2e)));
            }
            if (p.published().sent > 0) {
                detail.add(row("Published meanwhile", Fmt.rate(p.published().accepted / seconds) + "/s accepted, discarded "
                        + Fmt.counts(p.published().discardedBy)));
            }
            if (!p.server().isEmpty()) {
                detail.add(row("Server metrics (window)", "roomcast_polls_total " + counts(p.server().byLabel("roomcast_polls_total", "viewer"))
                        + "; poll messages " + Fmt.count((long) p.server().sum("roomcast_poll_messages_total"))
                        + "; poll skipped " + counts(p.server().byLabel("roomcast_poll_skipped_total", "reason"))));
            }
            detail.addAll(resourceRows(p.cpu(), null, p.syscalls()));
            body.table(detail);
        }

        body.heading(2, "Comparison with a bare Undertow handler (target: >= 80%)");
        Phase bare = find(results, "bare");
        Phase bareWorker = find(results, "bare-worker");
        if (flat != null && bare != null) {
            double ratio = flat.pollsPerSecond() / Math.max(1e-9, bare.pollsPerSecond());
            body.bullet("roomcast hot-room guest polls flat out: " + Fmt.rate(flat.pollsPerSecond()) + "/s; bare Undertow (fixed "
                    + Math.round(meanBody) + "-byte body, IO thread): " + Fmt.rate(bare.pollsPerSecond()) + "/s -> **"
                    + Fmt.pct(ratio) + "** of the bare rate -> " + (ratio >= 0.8 ? "met" : "MISSED"));
            if (bareWorker != null) {
                body.bullet("bare Undertow dispatching to a worker first (as roomcast's OnWorker does): "
                        + Fmt.rate(bareWorker.pollsPerSecond()) + "/s -> roomcast is " + Fmt.pct(flat.pollsPerSecond()
                        / Math.max(1e-9, bareWorker.pollsPerSecond())) + " of that");
            }
            if (ratios.size() > 1) {
                List<Double> sorted = new ArrayList<>(ratios);
                sorted.sort(null);
                double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
                StringBuilder each = new StringBuilder();
                for (double x : ratios) {
                    each.append(each.length() == 0 ? "" : ", ").append(Fmt.pct(x));
                }
                body.bullet(ratios.size() + " rounds of flat-hot then bare, alternating: " + each + " -> median **"
                        + Fmt.pct(median) + "** -> " + (median >= 0.8 ? "met" : "MISSED")
                        + " (both servers stay up through the rounds, each idle while the other is driven, so both are "
                        + "equally warm)");
            }
            body.bullet("CPU split flat out: roomcast phase server " + Fmt.cores(flat.cpu().serverCores()) + " + client "
                    + Fmt.cores(flat.cpu().clientCores()) + " cores; bare phase server " + Fmt.cores(bare.cpu().serverCores())
                    + " + client " + Fmt.cores(bare.cpu().clientCores()) + " cores (of " + machine.cores() + ")");
            body.end();
            notes.add("Which side saturates flat out: both share " + machine.cores() + " cores, so the flat-out rate is where server "
                    + "and client CPU together fill the machine. Client CPU per poll: roomcast phase "
                    + Fmt.us(flat.cpu().clientCpu * 1e6 / Math.max(1, flat.polls().polls)) + ", bare phase "
                    + Fmt.us(bare.cpu().clientCpu * 1e6 / Math.max(1, bare.polls().polls)) + "; server CPU per poll: roomcast "
                    + Fmt.us(flat.cpu().serverCpu * 1e6 / Math.max(1, flat.polls().polls)) + ", bare "
                    + Fmt.us(bare.cpu().serverCpu * 1e6 / Math.max(1, bare.polls().polls))
                    + (bareWorker == null ? "" : ", bare-worker " + Fmt.us(bareWorker.cpu().serverCpu * 1e6
                    / Math.max(1, bareWorker.polls().polls))) + ". The same client does the same work "
                    + "per answer in both phases, so the ratio compares the servers' cost per poll.");
        } else {
            body.para("Not measured in this run (needs the flat-hot and bare phases).");
        }
    }

    private static Phase find(List<Phase> phases, String name) {
        for (Phase p : phases) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String counts(Map<String, Double> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, Math.round(v)));
        return Fmt.counts(out);
    }
}
