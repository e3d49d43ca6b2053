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
 *       as roomcast's mean flat-out answer, driven flat out by the same client; the body's cursor is
 *       as long as the mean cursor the client sent roomcast in the first flat round (unless
 *       {@code --bare-cursor=short}: three characters, the method before), so both servers parse
 *       requests of about the same length. With {@code --rounds}
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
    final int flatConnections;
    final int warmup;
    final int duration;
    final double connectRate;
    final int latencyEvery;
    final int limit;
    private final boolean viewerIds;
    private final List<String> phases;
    final int payloadBytes;
    final int bareBodyBytes;
    /** Whether the bare server's cursor is as long as roomcast's (else the three characters of "1-1"). */
    final boolean bareCursorSame;
    final int rounds;
    final boolean barePublish;
    final int warmRounds;
    /** roomcast's flat-out rate over the bare one, one per round (flat-hot then bare). */
    final List<Double> ratios = new ArrayList<>();
    final PollingPhase driver = new PollingPhase(this);
    private final BarePhases bare = new BarePhases(this);

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
        String bareCursor = options.string("bare-cursor", "same");
        if (!bareCursor.equals("same") && !bareCursor.equals("short")) {
            throw new IllegalArgumentException("--bare-cursor: 'same' or 'short', got '" + bareCursor + "'");
        }
        this.bareCursorSame = bareCursor.equals("same");
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
    record Phase(String name, String what, PollWindow polls, Meter.Totals cpu, PrometheusText server,
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
        BarePhases.Shape shape = null;

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
        bare.roomcastUp = alternate;
        for (int w = 1; alternate && w <= warmRounds; w++) {
            Phase warm = runFlat("flat-hot#warm" + w, transport, http, ", warm-up (not in the ratios)");
            results.add(warm);
            shape = shape != null ? shape : bare.shape(warm);
            results.add(bare.run("bare#warm" + w, shape, transport));
        }
        Phase flat = null;
        if (phases.contains("flat-hot")) {
            flat = runFlat("flat-hot", transport, http, "");
            results.add(flat);
        }
        if (phases.contains("bare") || phases.contains("bare-worker")) {
            if (!alternate) {
                closeNow(server);
            }
            shape = shape != null ? shape : bare.shape(flat);
            for (String name : List.of("bare", "bare-worker")) {
                if (phases.contains(name)) {
                    Phase phase = bare.run(name, shape, transport);
                    results.add(phase);
                    if (name.equals("bare") && flat != null) {
                        ratios.add(flat.pollsPerSecond() / Math.max(1e-9, phase.pollsPerSecond()));
                    }
                }
            }
            for (int round = 2; alternate && round <= rounds; round++) {
                Phase again = runFlat("flat-hot#" + round, transport, http, "");
                Phase other = bare.run("bare#" + round, shape, transport);
                results.add(again);
                results.add(other);
                ratios.add(again.pollsPerSecond() / Math.max(1e-9, other.pollsPerSecond()));
            }
            if (alternate) {
                bare.roomcastUp = false;
                closeNow(server);
                bare.close();
            }
        }
        new PollingReport(this).write(results, flat, shape);
    }

    private Phase runFlat(String name, NettyTransport transport, InetSocketAddress http, String note) {
        return runPhase(name, flatConnections + " connections flat out on the hot room" + note, transport, http,
                specs(flatConnections, 1), Pollers.Mode.FLAT, List.of("hot"), true);
    }

    List<Pollers.Spec> specs(int count, int rooms) {
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
    Publisher startPublisher(ServerUnderTest target, List<String> rooms, Publisher.Stats stats) {
        if (rate <= 0) {
            return null;
        }
        Publisher publisher = closeLater(new Publisher(target.http, target.apiKey, payloadBytes, Publisher.parseMix("chat=1"), rooms,
                50, 500, 64, stats));
        publisher.start(seconds -> rate);
        return publisher;
    }

    @Override
    protected PerfStat[] startPerf() {
        if (bare.underTest > 0) {
            int seconds = perfSeconds;
            return seconds == 0 ? null : new PerfStat[] {PerfStat.start(bare.underTest, seconds, workDir),
                PerfStat.start(ProcessHandle.current().pid(), seconds, workDir)};
        }
        return super.startPerf();
    }
}
