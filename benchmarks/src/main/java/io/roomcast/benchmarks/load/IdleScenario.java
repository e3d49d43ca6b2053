package io.roomcast.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Idle long connections: as many TLS sessions as the machine allows (aiming at 100,000), each
 * joined to a room, sending heartbeats, receiving nothing else; the server's memory per connection
 * is the growth of its resident set divided by the connections, and the growth of its heap after a
 * full collection (live data) likewise.
 *
 * <p>Checkpoints: the baseline is taken after a warm-up that opened and closed a few hundred
 * sessions (so class loading and JIT of the TLS and session paths are not charged to the
 * connections), the second after every connection has held its session for {@code --hold}
 * seconds. At each: RSS as it stands, then {@code jcmd GC.run}, then RSS and heap in use after the
 * collection. With {@code --server-nmt} the server runs with native memory tracking and the report
 * carries its summary diff between the checkpoints.
 */
final class IdleScenario extends Scenario {
    private final int connections;
    private final boolean tls;
    private final double connectRate;
    private final int hold;
    private final long heartbeatMs;
    private final int warmupConnections;
    private final int rooms;
    private final boolean nmt;
    private final boolean heapHistogram;

    IdleScenario(Options options, String command) {
        super(options, command);
        this.connections = options.integer("connections", 100_000, 1, 10_000_000);
        this.tls = !options.flag("plain", false);
        this.connectRate = options.decimal("connect-rate", tls ? 1_000 : 2_000, 1, 1_000_000);
        this.hold = options.integer("hold", 60, 1, 3_600);
        this.heartbeatMs = options.longValue("heartbeat-ms", 10_000, 1_000, 600_000);
        this.warmupConnections = options.integer("warmup-connections", 200, 0, 100_000);
        this.rooms = options.integer("rooms", 100, 1, 1_000_000);
        this.nmt = options.flag("server-nmt", false);
        this.heapHistogram = options.flag("server-histogram", true);
    }

    @Override
    String name() {
        return "idle";
    }

    @Override
    String purpose() {
        return String.format(Locale.ROOT, "As many idle %s long connections as the machine allows (asked: %,d), each in one of %,d rooms, "
                        + "heartbeats every %,d ms: server memory per connection (RSS growth and live-heap growth).",
                tls ? "TLS" : "plain TCP", connections, rooms, heartbeatMs);
    }

    @Override
    void execute() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("heartbeat.ms", Long.toString(heartbeatMs));
        settings.put("tcp.max.new.per.second", Long.toString((long) Math.max(2_000, connectRate * 2)));
        settings.put("tcp.max.connections", Long.toString(Math.max(200_000L, connections + 1_000L)));
        if (nmt) {
            extraServerJvm.add("-XX:NativeMemoryTracking=summary");
        }
        startServer(tls, settings, "idle-0");
        startClock();
        int n = capConnections("connections", connections, 64, 64);

        // Warm-up: open and close a few hundred sessions so the baseline includes the loaded and compiled code.
        if (warmupConnections > 0) {
            DeliveryStats warmStats = new DeliveryStats();
            Viewers warm = newViewers(warmStats, warmupConnections);
            warm.open(specs("warm", warmupConnections, tokens(users("w", warmupConnections))), connectRate);
            tickUntil("warm-up", () -> warmStats.live.get() >= warmupConnections, Duration.ofSeconds(60),
                    r -> "warm-up sessions " + warmStats.live.get() + "/" + warmupConnections + " | " + cpu(r));
            closeNow(warm);
        }
        for (int i = 0; i < 3; i++) {
            progress("settle", cpu(tick()));
        }
        Checkpoint base = checkpoint("baseline");
        if (nmt) {
            JvmTools.jcmd(server.pid, "VM.native_memory", "baseline");
        }

        progress("tokens", "signing " + Fmt.count(n) + " user tokens");
        List<Viewers.Spec> specs = specs("idle", n, tokens(users("i", n)));
        DeliveryStats stats = new DeliveryStats();
        Viewers fleet = newViewers(stats, n);
        Windows.Delivery.Sampler sampler = new Windows.Delivery.Sampler(stats);
        Meter.Totals ramp = new Meter.Totals();
        long rampStart = System.nanoTime();
        fleet.open(specs, connectRate);
        boolean allIn = tickUntil("ramp", () -> stats.live.get() >= n,
                rampTimeout(n, connectRate), r -> {
                    ramp.add(r);
                    Windows.Delivery d = sampler.next();
                    return "sessions " + Fmt.count(stats.live.get()) + "/" + Fmt.count(n) + " (+" + d.sessions + "/s, connect failures "
                            + stats.connectFailures.sum() + ", errors " + Fmt.counts(stats.errorCounts()) + ") | " + cpu(r);
                });
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        int opened = stats.live.get();
        if (!allIn) {
            notes.add("The ramp timed out with " + Fmt.count(opened) + " of " + Fmt.count(n) + " sessions open; the figures are per open session.");
        }

        Meter.Totals held = new Meter.Totals();
        Windows.Delivery heldWindow = new Windows.Delivery();
        for (int s = 0; s < hold; s++) {
            Meter.Reading r = tick();
            Windows.Delivery d = sampler.next();
            held.add(r);
            heldWindow.add(d);
            progress("hold", "sessions " + Fmt.count(d.live) + " | pings " + d.pings + "/s, pongs " + d.pongs + "/s, disconnects "
                    + d.disconnects + " | " + cpu(r));
        }
        int live = stats.live.get();
        Checkpoint full = checkpoint("connected");
        String nmtDiff = nmt ? JvmTools.jcmd(server.pid, "VM.native_memory", "summary.diff") : null;
        String histogram = heapHistogram ? serverHeapHistogram(20) : null;
        report(n, opened, live, rampSeconds, ramp, held, heldWindow, base, full, nmtDiff, histogram, fleet.describe());
    }

    private List<String> users(String prefix, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private List<Viewers.Spec> specs(String prefix, int count, List<String> tokens) {
        List<Viewers.Spec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Viewers.Spec(prefix + i, tokens.get(i), "idle-" + (i % rooms), false));
        }
        return out;
    }

    /** Server (and client) memory at one moment: RSS as it stands, then after a full GC with the heap in use. */
    private record Checkpoint(long rss, long rssAfterGc, long heapUsed, long heapCommitted, long clientRss, long serverThreads) {
    }

    private Checkpoint checkpoint(String label) {
        ProcFs proc = server.proc();
        if (proc == null) {
            return new Checkpoint(-1, -1, -1, -1, ProcFs.self().rssBytes(), -1);
        }
        long rss = proc.rssBytes();
        boolean collected = JvmTools.fullGc(server.pid);
        ServerUnderTest.sleep(1_000);
        long rssAfter = proc.rssBytes();
        JvmTools.Heap heap = JvmTools.heapOf(server.pid);
        progress(label, "server RSS " + Fmt.mib(rss) + ", after full GC " + Fmt.mib(rssAfter) + ", heap used "
                + (heap.used() < 0 ? "?" : Fmt.mib(heap.used())) + (collected ? "" : " (jcmd GC.run failed)"));
        return new Checkpoint(rss, rssAfter, heap.used(), heap.committed(), ProcFs.self().rssBytes(), proc.threads());
    }

    private void report(int asked, int opened, int live, double rampSeconds, Meter.Totals ramp, Meter.Totals held,
                        Windows.Delivery heldWindow, Checkpoint base, Checkpoint full, String nmtDiff, String histogram,
                        String client) {
        body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(row("setting", "value"));
        setup.add(row("Connections", Fmt.count(connections) + " asked, " + Fmt.count(asked) + " run (see notes), " + Fmt.count(live)
                + " with an open session at the second checkpoint, over " + Fmt.count(rooms) + " rooms"));
        setup.add(row("Client", client));
        setup.add(row("Heartbeats", "server heartbeat.ms=" + heartbeatMs + ": each connection sends Ping after that long without a write, "
                + "the server answers Pong"));
        setup.add(row("Server settings", server.settings.isEmpty() ? "(external server)" : Scenario.elideSecrets(
                server.command.subList(server.command.indexOf("-jar"), server.command.size()))));
        setup.add(row("Checkpoints", "baseline after " + warmupConnections + " warm-up sessions opened and closed; second after "
                + hold + " s holding every session. At each: RSS, then jcmd GC.run, then RSS and heap in use"));
        body.table(setup);

        body.heading(2, "Results");
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("figure", "value"));
        rows.add(row("Open sessions", Fmt.count(live) + " (" + (tls ? "TLS by " + server.tlsProvider() : "plain TCP") + ")"));
        if (base.rss() > 0 && live > 0) {
            double perRss = (double) (full.rss() - base.rss()) / live;
            double perRssGc = (double) (full.rssAfterGc() - base.rssAfterGc()) / live;
            rows.add(row("Server RSS: baseline -> connected", Fmt.mib(base.rss()) + " -> " + Fmt.mib(full.rss())
                    + " (after full GC: " + Fmt.mib(base.rssAfterGc()) + " -> " + Fmt.mib(full.rssAfterGc()) + ")"));
            rows.add(row("**Memory per connection (RSS growth / sessions)**", "**" + bytes(perRss) + "**; after a full GC at both "
                    + "checkpoints: " + bytes(perRssGc)));
            if (base.heapUsed() >= 0 && full.heapUsed() >= 0) {
                rows.add(row("Live heap per connection (heap in use after full GC, growth / sessions)",
                        bytes((double) (full.heapUsed() - base.heapUsed()) / live) + " (heap in use " + Fmt.mib(base.heapUsed())
                                + " -> " + Fmt.mib(full.heapUsed()) + ", committed " + Fmt.mib(full.heapCommitted()) + ")"));
                rows.add(row("Off-heap and JVM per connection (RSS after GC minus heap growth)", bytes(
                        (double) ((full.rssAfterGc() - base.rssAfterGc()) - (full.heapCommitted() - base.heapCommitted())) / live)
                        + " (RSS growth after GC minus committed-heap growth)"));
            }
            rows.add(row("Server threads", base.serverThreads() + " -> " + full.serverThreads()));
        }
        rows.add(row("Client RSS per connection (for scale)", live == 0 ? "-" : bytes((double) (full.clientRss() - base.clientRss()) / live)));
        rows.add(row("Ramp", String.format(Locale.ROOT, "%,d sessions in %.1f s (%.0f/s, asked %.0f/s); server %s cores, client %s cores "
                        + "during the ramp: %s of server CPU per session", opened, rampSeconds, opened / Math.max(1e-9, rampSeconds),
                connectRate, Fmt.cores(ramp.serverCores()), Fmt.cores(ramp.clientCores()),
                opened == 0 ? "-" : Fmt.ms(ramp.serverCpu * 1e6 / opened))));
        rows.add(row("Holding " + hold + " s", "pings " + Fmt.count(heldWindow.pings) + ", pongs " + Fmt.count(heldWindow.pongs)
                + ", disconnects " + Fmt.count(heldWindow.disconnects) + ", errors " + Fmt.counts(heldWindow.errors)));
        rows.addAll(resourceRows(held, null, null));
        body.table(rows);

        if (histogram != null && live > 0) {
            body.heading(2, "Server heap with every session open (jcmd GC.class_histogram after a full GC, top classes)");
            body.para("Divide a class's bytes by " + Fmt.count(live) + " sessions for its share of a connection.");
            body.code(histogram);
        }
        if (nmtDiff != null) {
            body.heading(2, "Server native memory (NMT summary diff, baseline -> connected)");
            StringBuilder kept = new StringBuilder();
            for (String line : nmtDiff.split("\n")) {
                String t = line.trim();
                if (t.startsWith("Total:") || (t.startsWith("-") && t.contains("committed="))) {
                    kept.append(line.stripTrailing()).append('\n');
                }
            }
            body.code(kept.toString().stripTrailing());
        }

        body.heading(2, "Targets");
        if (base.rss() > 0 && live > 0) {
            double perRss = (double) (full.rss() - base.rss()) / live;
            double perRssGc = (double) (full.rssAfterGc() - base.rssAfterGc()) / live;
            int target = tls ? 10_000 : 5_000;
            body.bullet("100,000 connections at <= " + target / 1_000 + " KB each (" + (tls ? "TLS" : "plain") + "), as it stands and"
                    + " after a full GC: measured " + Fmt.count(live) + " connections at " + bytes(perRss) + " and "
                    + bytes(perRssGc) + " each -> count " + (live >= 100_000 ? "met" : "MISSED (see notes)")
                    + ", memory " + (Math.max(perRss, perRssGc) <= target ? "met" : "MISSED"));
        }
        body.end();
        notes.add("Memory per connection is a difference of two RSS readings divided by the sessions: it includes the heap the "
                + "JVM grew into for them (G1 sizes the heap by its own policy), Netty's pooled direct buffers and the TLS engine's "
                + "state (BoringSSL's is native memory, the JDK's is heap), and the kernel's socket memory is not in RSS at all.");
    }

    private static String bytes(double b) {
        return String.format(Locale.ROOT, "%,.0f bytes (%.1f KiB, %.1f KB)", b, b / 1024, b / 1000);
    }
}
