package io.roomcast.benchmarks.load;

import io.roomcast.testing.NginxProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 *   <li>{@code bare}: a {@link BareUndertow} child JVM with the same heap and IO and worker threads
 *       as roomcast's HTTP API, answering every request on the IO thread with a fixed body as long
 *       as roomcast's mean flat-out answer, driven flat out by the same client. With {@code --rounds}
 *       roomcast stays up, and (unless {@code --bare-publish=false}) the same publisher keeps
 *       publishing to it meanwhile, so both phases carry the same background work and the ratio
 *       compares the two poll paths; with one round roomcast is stopped first;</li>
 *   <li>{@code bare-worker}: the same, the handler dispatched to a worker first, as roomcast's is;</li>
 *   <li>{@code slices-nginx} (only when asked for): the paced guests of the hot room as guests of the
 *       slices API through a real nginx cache ({@link NginxProcess}) in front of roomcast
 *       ({@link SliceWalk}): what nginx served, what reached roomcast, and roomcast's CPU per guest poll.</li>
 * </ol>
 * Polls per second, request latency, what the answers carried, both sides' CPU per phase, and
 * roomcast's flat-out guest poll rate as a percentage of the bare rates. Each phase is driven by
 * {@link PollingPhase}; the report is written by {@link PollingReport}.
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
    final double connectRate;
    final int latencyEvery;
    final int limit;
    private final boolean viewerIds;
    private final List<String> phases;
    final int payloadBytes;
    private final int bareBodyBytes;
    private final int rounds;
    final boolean barePublish;
    final int warmRounds;
    /** roomcast's flat-out rate over the bare one, one per round (flat-hot then bare). */
    final List<Double> ratios = new ArrayList<>();
    private final PollingPhase driver = new PollingPhase(this);

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
        this.barePublish = options.flag("bare-publish", true);
        this.warmRounds = options.integer("warm-rounds", 1, 0, 10);
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
        // With --rounds=N the flat-hot and bare phases alternate N times and the ratio is taken per
        // round: on a shared machine the capacity drifts between two phases run once each. Both
        // servers stay up; --warm-rounds unmeasured rounds go first, so the JIT has settled in both.
        boolean alternate = rounds > 1 && phases.contains("flat-hot") && phases.contains("bare");
        roomcastUp = alternate;
        int body = -1;
        for (int w = 1; alternate && w <= warmRounds; w++) {
            Phase warm = runFlat("flat-hot#warm" + w, transport, http, ", warm-up (not in the ratios)");
            results.add(warm);
            body = body > 0 ? body : bareBody(warm);
            results.add(runBare("bare#warm" + w, body, transport));
        }
        Phase flat = null;
        if (phases.contains("flat-hot")) {
            flat = runFlat("flat-hot", transport, http, "");
            results.add(flat);
            meanBody = flat.polls.polls == 0 ? -1 : (double) flat.polls.bodyBytes / flat.polls.polls;
        }
        if (phases.contains("bare") || phases.contains("bare-worker")) {
            if (!alternate) {
                closeNow(server);
            }
            body = body > 0 ? body : (int) Math.round(meanBody > 0 ? meanBody : bareBodyBytes);
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
                Phase again = runFlat("flat-hot#" + round, transport, http, "");
                Phase bare = runBare("bare#" + round, body, transport);
                results.add(again);
                results.add(bare);
                ratios.add(again.pollsPerSecond() / Math.max(1e-9, bare.pollsPerSecond()));
            }
            if (alternate) {
                roomcastUp = false;
                closeNow(server);
                closeNow(keptBare);
            }
        }
        new PollingReport(this).write(results, flat, body > 0 ? body : meanBody);
    }

    private Phase runFlat(String name, NettyTransport transport, InetSocketAddress http, String note) {
        return runPhase(name, flatConnections + " connections flat out on the hot room" + note, transport, http,
                specs(flatConnections, 1), Pollers.Mode.FLAT, List.of("hot"), true);
    }

    /** The bare server's body: as long as roomcast's mean answer in {@code flat}. */
    private int bareBody(Phase flat) {
        return flat.polls.polls == 0 ? bareBodyBytes : (int) Math.round((double) flat.polls.bodyBytes / flat.polls.polls);
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
    ViaNginx.Sampler via;

    private Phase runPhase(String name, String what, NettyTransport transport, InetSocketAddress http, List<Pollers.Spec> specs,
                           Pollers.Mode mode, List<String> rooms, boolean publish) {
        Publisher.Stats pubStats = new Publisher.Stats();
        Publisher publisher = publish ? startPublisher(server, rooms, pubStats) : null;
        Windows.Publish.Sampler pubSampler = new Windows.Publish.Sampler(pubStats);
        Phase phase = driver.drive(name, what, transport, http, specs, mode, pubSampler);
        if (publisher != null) {
            closeNow(publisher);
        }
        return phase;
    }

    /** A publisher at {@code --rate} into {@code rooms} of {@code target}; null when the rate is 0. */
    private Publisher startPublisher(ServerUnderTest target, List<String> rooms, Publisher.Stats stats) {
        if (rate <= 0) {
            return null;
        }
        Publisher publisher = closeLater(new Publisher(target.http, target.apiKey, payloadBytes, Publisher.parseMix("chat=1"), rooms,
                50, 500, 64, stats));
        publisher.start(seconds -> rate);
        return publisher;
    }

    /** Whether roomcast is still up while the bare phases run (between alternating rounds). */
    private boolean roomcastUp;

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
        progress(name, "starting a bare Undertow server on port " + port);
        ChildProcess bare = closeLater(BareUndertow.startChild(port, serverHeap, bodyBytes, dispatch, workDir.resolve(name + ".log")));
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
        Publisher.Stats pubStats = new Publisher.Stats();
        // roomcast is still up between alternating rounds: it gets the same publishes as in its own phase.
        Publisher publisher = barePublish && roomcastUp ? startPublisher(previous, List.of("hot"), pubStats)
                : null;
        Phase phase;
        try {
            bareUnderTest = pid;
            phase = driver.drive(name, flatConnections + " connections flat out, fixed " + bodyBytes + "-byte body"
                    + (name.equals("bare-worker") ? ", dispatched to a worker" : ", on the IO thread")
                    + (publisher != null ? "; roomcast up beside it, publishing as in flat-hot" : ""), transport,
                    new InetSocketAddress("127.0.0.1", port), specs(flatConnections, 1), Pollers.Mode.FLAT,
                    new Windows.Publish.Sampler(pubStats));
        } finally {
            if (publisher != null) {
                closeNow(publisher);
            }
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
}
