package io.roomcast.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What every scenario shares: the server under test (spawned or given), the CPU and memory meter,
 * a one-second clock with a progress line on stderr, client TLS and source addresses, token
 * minting, capacity checks against the open-files limits, and the report's header and notes (rendered by
 * {@link ScenarioReport}; client addresses and TLS in {@link ClientNetwork}; the server's start and the
 * open-files caps in {@link ScenarioServer}). A scenario
 * reads its own options in its constructor and does its work in {@link #execute()}, adding its
 * results to {@link #body} and its caveats to {@link #notes}. Not thread-safe: run on one thread.
 */
abstract class Scenario {
    protected final Options options;
    protected final String command;
    protected final Machine machine = Machine.describe();
    protected final Report body = new Report();
    protected final List<String> notes = new ArrayList<>();
    protected final Path workDir;
    protected final int clientThreads;
    /** Seconds of {@code perf stat} syscall counting in a measure window (0: none). */
    protected final int perfSeconds;
    protected final String serverHeap;
    private final int rampTimeout;
    protected final PrintStream progressOut = System.err;
    /** JVM flags a scenario adds to a spawned server's, after the user's {@code --server-jvm}. */
    protected final List<String> extraServerJvm = new ArrayList<>();
    private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    protected ServerUnderTest server;
    protected Meter meter;
    /** The server's process as measured (CPU, memory, open files, syscalls), or null when its pid is unknown. */
    private ProcFs measured;
    private long serverOpenFiles = -1;
    private long clockStart;
    private long nextTick;

    Scenario(Options options, String command) {
        this.options = options;
        this.command = command;
        this.workDir = Path.of(options.string("work-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "roomcast-load-" + System.currentTimeMillis()).toString()));
        this.clientThreads = options.integer("client-threads", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256);
        this.perfSeconds = options.integer("perf-seconds", 5, 0, 3_600);
        this.rampTimeout = options.integer("ramp-timeout", 0, 0, 36_000);
        this.serverHeap = options.string("server-heap", "1g");
    }

    /** The ramp's time limit: {@code --ramp-timeout}, or three times what {@code connections} take at {@code rate}, at least 120 s. */
    protected Duration rampTimeout(int connections, double rate) {
        return Duration.ofSeconds(rampTimeout > 0 ? rampTimeout : (long) Math.max(120, 3 * connections / rate));
    }

    /** When the run started (UTC, whole seconds), as the report's header gives it. */
    protected Instant startedAt() {
        return startedAt;
    }

    /** The scenario's name on the command line. */
    abstract String name();

    /** What the scenario measures, one sentence for the report. */
    abstract String purpose();

    /** Runs the scenario, adding its figures to {@link #body}. */
    abstract void execute() throws Exception;

    /** Runs and returns the whole report. Stops everything it started, also on failure. */
    final String run() throws Exception {
        try {
            execute();
        } finally {
            closeAll();
        }
        return ScenarioReport.header(this) + body + ScenarioReport.notesSection(notes);
    }

    /** Closed in reverse order of registration when the run ends. */
    protected <T extends AutoCloseable> T closeLater(T resource) {
        closeables.push(resource);
        return resource;
    }

    /** Closes now what was registered after (and including) {@code resource}. */
    protected void closeNow(AutoCloseable resource) {
        if (closeables.remove(resource)) {
            closeQuietly(resource);
        }
    }

    private void closeAll() {
        while (!closeables.isEmpty()) {
            closeQuietly(closeables.pop());
        }
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            progressOut.println("[" + name() + "] closing " + c.getClass().getSimpleName() + " failed: " + e);
        }
    }

    // ------------------------------------------------------------------ server

    /**
     * Starts the node with this scenario's settings (the user's {@code --server.<setting>=} win),
     * or connects to the one given with {@code --server=host:port}; starts the meter.
     */
    protected ServerUnderTest startServer(boolean tls, Map<String, String> scenarioSettings, String room) {
        server = ScenarioServer.start(this, tls, scenarioSettings, room);
        closeLater(server);
        measure(server.proc());
        return server;
    }

    /** Measures {@code proc} (null: none) as the server: CPU, memory, open-files limit, syscalls. Called by startServer or a scenario. */
    protected void measure(ProcFs proc) {
        measured = proc;
        meter = new Meter(proc);
        serverOpenFiles = proc == null ? -1 : proc.maxOpenFiles();
    }

    /** Measures the sum of {@code procs} as the server (a cluster's nodes and Redis); the first is the one whose limits count. */
    protected void measureAll(List<ProcFs> procs) {
        measured = procs.get(0);
        meter = new Meter(procs);
        serverOpenFiles = measured.maxOpenFiles();
    }

    /** The top {@code lines} classes of the server's heap after a full GC ({@code jcmd GC.class_histogram}), or null. */
    protected String serverHeapHistogram(int lines) {
        if (server == null || server.pid <= 0) {
            return null;
        }
        progress("heap", "jcmd " + server.pid + " GC.class_histogram (a full GC in the server)");
        String out = JvmTools.jcmd(server.pid, "GC.class_histogram");
        return out == null ? null : JvmTools.topOfHistogram(out, server.pid, lines);
    }

    /** The value of a roomcast setting in force on a spawned node (or its default). */
    protected String serverSetting(String key, String fallback) {
        return server.settings.getOrDefault(key, fallback);
    }

    // ------------------------------------------------------------------ clock and progress

    protected void startClock() {
        clockStart = System.nanoTime();
        nextTick = clockStart;
    }

    /** Waits for the next whole second of the run's clock and reads the meter. */
    protected Meter.Reading tick() {
        long now = System.nanoTime();
        if (now - nextTick > 1_500_000_000L) {
            // Something blocked the clock (a jcmd, a slow close): start the seconds afresh instead of firing the missed ones at once.
            nextTick = now;
        }
        nextTick += 1_000_000_000L;
        long wait;
        while ((wait = nextTick - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return meter.read();
    }

    protected long elapsedSeconds() {
        return Math.round((System.nanoTime() - clockStart) / 1e9);
    }

    protected void progress(String phase, String text) {
        progressOut.printf("[%s %4ds %-8s] %s%n", name(), clockStart == 0 ? 0 : elapsedSeconds(), phase, text);
        progressOut.flush();
    }

    /** Server and client CPU and server RSS of one reading, for a progress line. */
    protected String cpu(Meter.Reading r) {
        double s = r.seconds() <= 0 ? 1 : r.seconds();
        return "cpu server " + Fmt.cores(r.serverCpu() / s) + " (sys " + Fmt.cores(r.serverSys() / s) + ") client "
                + Fmt.cores(r.clientCpu() / s) + " (sys " + Fmt.cores(r.clientSys() / s) + ")"
                + " | server RSS " + (r.serverRss() > 0 ? Fmt.mib(r.serverRss()) : "?");
    }

    /** Ticks until {@code done} or {@code timeout}, printing {@code line} each second. Returns whether done. */
    protected boolean tickUntil(String phase, BooleanSupplier done, Duration timeout, java.util.function.Function<Meter.Reading, String> line) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Meter.Reading r = tick();
            progress(phase, line.apply(r));
        }
        return true;
    }

    // ------------------------------------------------------------------ clients

    /** Viewers of the kind asked with {@code --viewer-client} (lean by default). */
    protected Viewers newViewers(DeliveryStats stats, int connections) {
        String kind = options.oneOf("viewer-client", "lean", "lean", "module");
        boolean acks = options.flag("acks", false);
        boolean ws = options.oneOf("transport", "tcp", "tcp", "ws").equals("ws");
        if (ws) {
            if (kind.equals("module") || viewerTargets().size() > 1) {
                throw new IllegalArgumentException("--transport=ws drives one node with the lean viewers: drop "
                        + "--viewer-client=module and --nodes=");
            }
            NettyTransport transport = closeLater(NettyTransport.create(clientThreads, false, "viewer"));
            return closeLater(new LeanViewers(transport, null,
                    List.of(new java.net.InetSocketAddress(server.http.getHost(), server.http.getPort())),
                    ClientNetwork.sourceAddresses(options.list("source-ips", List.of()), connections), acks, true, stats));
        }
        List<java.net.InetSocketAddress> targets = viewerTargets();
        if (kind.equals("module")) {
            if (targets.size() > 1) {
                throw new IllegalArgumentException("--viewer-client=module drives one node: drop it with --nodes=");
            }
            NettyTransport nio = closeLater(NettyTransport.create(clientThreads, true, "viewer-nio"));
            return closeLater(new ModuleViewers(nio, server.tls, server.tcp.getHostString(), server.tcp.getPort(), acks,
                    stats));
        }
        NettyTransport transport = closeLater(NettyTransport.create(clientThreads, false, "viewer"));
        return closeLater(new LeanViewers(transport, ClientNetwork.clientTls(server.tls), targets,
                ClientNetwork.sourceAddresses(options.list("source-ips", List.of()), connections), acks, stats));
    }

    /** The long-connection endpoints viewers spread over ({@link NodeSpread}); the first is the publishing node's. */
    protected List<java.net.InetSocketAddress> viewerTargets() {
        return List.of(server.tcp);
    }

    /** One signed token per viewer ({@code sub} = the viewer's user id), valid for the run. */
    protected List<String> tokens(List<String> userIds) {
        UserTokens signer = new UserTokens(server.tokenSecret);
        List<String> out = new ArrayList<>(userIds.size());
        for (String user : userIds) {
            out.add(signer.issue(user, Duration.ofHours(6)));
        }
        return out;
    }

    /**
     * Caps a connection count at what both processes' open-files limits allow, noting it when it
     * does (the generator holds one socket per connection, the server one per accepted connection).
     */
    protected int capConnections(String what, int wanted, int otherClientSockets, int otherServerSockets) {
        return ScenarioServer.capConnections(machine, measured, notes, what, wanted, otherClientSockets,
                otherServerSockets);
    }

    // ------------------------------------------------------------------ report

    /** The server's open-files limit, as the report's header gives it; -1 when unknown. */
    long serverOpenFiles() {
        return serverOpenFiles;
    }

    static String elideSecrets(List<String> command) {
        return ScenarioReport.elideSecrets(command);
    }

    /** One row of a two-column table. */
    static List<String> row(String name, String value) {
        return List.of(name, value);
    }

    /** Summary rows of a run's CPU, memory, syscalls and GC over one phase. */
    protected List<List<String>> resourceRows(Meter.Totals t, JvmTools.Pauses serverGc, Syscalls perf) {
        return ScenarioReport.resourceRows(machine, meter, t, serverGc, perf);
    }

    /** The measured server's threads now ({@link ThreadCpu}), or null when no single server process is measured. */
    protected ThreadCpu serverThreads() {
        return measured != null ? ThreadCpu.read(measured.pid()) : null;
    }

    /** Syscall counts of both sides over one slice of a window, or null when not taken. */
    record Syscalls(Map<String, Long> server, Map<String, Long> client, int seconds) {
    }

    /** Starts counting both sides' syscalls for {@code --perf-seconds} (default 5; 0: off); null when off. */
    protected PerfStat[] startPerf() {
        int seconds = perfSeconds;
        if (seconds == 0) {
            return null;
        }
        PerfStat serverPerf = measured != null ? PerfStat.start(measured.pid(), seconds, workDir) : null;
        PerfStat clientPerf = PerfStat.start(ProcessHandle.current().pid(), seconds, workDir);
        return new PerfStat[] {serverPerf, clientPerf};
    }

    protected static Syscalls awaitPerf(PerfStat[] started) {
        if (started == null) {
            return null;
        }
        Map<String, Long> s = started[0] == null ? Map.of() : started[0].await();
        Map<String, Long> c = started[1] == null ? Map.of() : started[1].await();
        int seconds = started[1] != null ? started[1].seconds : started[0] != null ? started[0].seconds : 1;
        return new Syscalls(s, c, seconds);
    }

    /** A note naming which side used the CPU when the machine was (nearly) saturated. */
    protected void noteCpuSaturation(String phase, Meter.Totals t) {
        double used = t.serverCores() + t.clientCores();
        if (meter.seesServer() && used >= 0.85 * machine.cores()) {
            notes.add(phase + ": the machine's CPU was saturated (" + Fmt.cores(used) + " of " + machine.cores()
                    + " cores busy: server " + Fmt.cores(t.serverCores()) + ", generator " + Fmt.cores(t.clientCores())
                    + "). On this shared machine the figure is bounded by CPU; with the generator on another host the server "
                    + "would have had up to " + Fmt.cores(machine.cores() - 0.0) + " cores.");
        }
    }
}
