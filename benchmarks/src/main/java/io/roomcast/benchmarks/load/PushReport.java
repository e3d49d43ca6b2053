package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@link PushScenario} run: setup, the sweep table and chart, each step's measure-window
 * figures and account, the ramp, the targets, and the notes the figures call for. Writes into the
 * scenario's report body and notes; reads the scenario's settings. Not thread-safe.
 */
final class PushReport {
    private final PushScenario sc;

    PushReport(PushScenario scenario) {
        this.sc = scenario;
    }

    /** Adds the run's report to the scenario's body and notes. */
    void write(int viewers, int sampled, PushPhases.Ramp ramp, List<PushPhases.Step> steps, DeliveryStats stats, String client) {
        int connected = ramp.connected();
        double rampSeconds = ramp.seconds();
        long window = Long.parseLong(sc.serverSetting("block.window.ms", "1000"));
        sc.body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(Scenario.row("setting", "value"));
        setup.add(Scenario.row("Rooms x viewers", Fmt.count(sc.rooms) + " x " + Fmt.count(viewers / sc.rooms) + " = " + Fmt.count(viewers)
                + " long connections (" + sc.wire() + "), " + Fmt.count(connected) + " with a session when publishing began"));
        setup.add(Scenario.row("Viewer client", client + "; latencies decoded on every " + sc.load.latencyEvery() + (sc.load.latencyEvery() == 1 ? "st" : "th")
                + " connection (" + Fmt.count(sampled) + " connections), every entry counted on all"));
        setup.add(Scenario.row("Publishing", (sc.load.isSweep() ? "steps of " + sc.load.rateList() : Fmt.rate(sc.load.rates().get(0))) + " messages/s per room"
                + (sc.rooms == 1 ? "" : " (x " + Fmt.count(sc.rooms) + " rooms)") + ", JSON batches every " + sc.load.tickMillis()
                + " ms (at most " + sc.load.maxBatch() + " per request, " + sc.load.maxInFlight() + " unanswered), mix " + sc.mix + ", " + sc.load.payloadBytes() + "-byte payloads carrying the publish time"));
        setup.add(Scenario.row("Server settings", sc.server.settings.isEmpty() ? "(not applied: external server)" : settingsText()));
        setup.add(Scenario.row("Phases", "ramp " + String.format(Locale.ROOT, "%.1f", rampSeconds) + " s; then per publish rate: warm-up " + sc.load.warmup()
                + " s (not counted), measure " + sc.load.duration() + " s, then a drain (publishing stopped) until every viewer has accounted "
                + "for every accepted message, or nothing arrived for 5 s, or " + sc.load.drain() + " s passed"));
        sc.body.table(setup);

        if (steps.size() > 1) {
            sc.body.heading(2, "Sweep (measure windows)");
            boolean critical = Publisher.parseMix(sc.mix).stream().anyMatch(k -> "CRITICAL".equals(k.priority()));
            sc.body.table(SweepTable.rows(steps, perRoomShare(connected), critical));
            sc.body.para("Offered: messages sent by the publisher per second (all rooms); asked: accepted x viewers of the room; "
                    + "% of peak: deliveries/s against the sweep's highest; skipped per second as the viewers were told, by reason; "
                    + "server RSS at the window's end and its peak in the window; direct memory: the JDK's direct buffers at the "
                    + "window's end (/metrics " + SweepTable.BUFFER_MEMORY + "{id=\"direct\"}); server GC: pause time from its GC log.");
            drawChart(steps, connected);
        }

        for (PushPhases.Step st : steps) {
            sc.body.heading(2, (steps.size() == 1 ? "Results" : "Step: " + Fmt.rate(st.ratePerRoom()) + " messages/s per room")
                    + " (measure window)");
            sc.body.table(stepRows(st, connected));
            if (st.histogram() != null) {
                sc.body.para("Server heap at the end of the measure window (jcmd GC.class_histogram, after a full GC; top classes):");
                sc.body.code(st.histogram());
            }
            long accepted = st.wholePublished().accepted;
            long expected = Math.round(accepted * perRoomShare(connected));
            long got = st.whole().entries + st.whole().skippedTotal();
            sc.body.para("Account of the step (warm-up, measure and drain): every viewer accounts for every message accepted while it "
                    + "watched, delivered + skipped = accepted x viewers of its room: accepted " + Fmt.count(accepted) + " x "
                    + Fmt.count(Math.round(perRoomShare(connected))) + " = " + Fmt.count(expected) + "; delivered "
                    + Fmt.count(st.whole().entries) + " + skipped " + Fmt.count(st.whole().skippedTotal()) + " = " + Fmt.count(got) + " ("
                    + Fmt.pct(expected == 0 ? 0 : (double) got / expected) + ")" + (st.drained() ? "" : "; NOT complete after "
                    + String.format(Locale.ROOT, "%.0f", st.drainSeconds()) + " s of drain (the server stalled, or the drain limit of "
                    + sc.load.drain() + " s was reached): the missing part never arrived in the run")
                    + (st.whole().disconnects > 0 ? "; " + Fmt.count(st.whole().disconnects) + " disconnects (a resumed viewer's replay "
                    + "is bounded, so a gap is expected)" : "") + ".");
        }

        sc.body.heading(2, "Ramp");
        sc.body.para(String.format(Locale.ROOT, "%,d sessions opened in %.1f s (%.0f/s; asked %.0f/s); CPU during the ramp: server %s cores, "
                        + "client %s cores (%s).", connected, rampSeconds,
                connected / Math.max(1e-9, rampSeconds), sc.load.connectRate(), Fmt.cores(ramp.cpu().serverCores()), Fmt.cores(ramp.cpu().clientCores()),
                sc.viewersTls() ? "TLS handshakes, the server's by " + sc.server.tlsProvider() + ", the generator's by " + ClientNetwork.clientTlsProvider() + "; "
                        + "and the Hello token checks" : "no TLS; Hello token checks"));

        sc.body.heading(2, "Targets");
        double target = sc.viewersTls() ? 0.6 * 5_000_000 : 5_000_000;
        for (PushPhases.Step st : steps) {
            double sec = Math.max(1e-9, st.cpu().seconds);
            double delivered = st.window().entries / sec;
            String at = steps.size() == 1 ? "" : " at " + Fmt.rate(st.ratePerRoom()) + " messages/s";
            if (sc.rooms == 1) {
                sc.body.bullet((sc.viewersTls() ? "TLS: >= 60% of 5,000,000 = 3,000,000" : (sc.webSocket ? "WebSocket (plain): >= 5,000,000" : "Plain TCP: >= 5,000,000")) + " deliveries/s" + at + ": measured "
                        + Fmt.rate(delivered) + " -> " + (delivered >= target ? "met" : "MISSED (" + Fmt.pct(delivered / target) + " of it)"));
            }
            if (st.window().e2e.getTotalCount() > 0) {
                double p99 = st.window().e2e.getValueAtPercentile(99) / 1000.0;
                sc.body.bullet("p99 publish -> receive <= the longest block window (" + window + " ms) + 20 ms" + at + ": measured "
                        + Fmt.ms(st.window().e2e.getValueAtPercentile(99)) + " -> " + (p99 <= window + 20 ? "met" : "MISSED"));
            }
        }
        sc.body.end();

        for (PushPhases.Step st : steps) {
            String at = steps.size() == 1 ? "Measure window" : "Step " + Fmt.rate(st.ratePerRoom()) + " messages/s";
            sc.noteCpuSaturation(at, st.cpu());
            Windows.Delivery d = st.window();
            if (d.skipped[2] > 0) {
                sc.notes.add(at + ": viewers were told of " + Fmt.count(d.skipped[2]) + " 'budget' skips with the render budget off: those "
                        + "come from slow-connection merges (a connection above its write-buffer watermark has its pending blocks merged "
                        + "by priority), i.e. the server produced faster than the sockets (or the generator) drained.");
            }
            if (d.skipped[1] > 0) {
                sc.notes.add(at + ": " + Fmt.count(d.skipped[1]) + " entries were skipped for 'age': older than their category's maximum "
                        + "age when their block was built, i.e. the push path had fallen seconds behind.");
            }
            if (st.gc().count() > 0 && st.cpu().seconds > 0 && st.gc().millis() / 1000 / st.cpu().seconds > 0.05) {
                sc.notes.add(at + ": server GC pauses took " + Fmt.pct(st.gc().millis() / 1000 / st.cpu().seconds) + " of the window.");
            }
            if (st.published().notSent > 0 || st.published().failed() > 0) {
                sc.notes.add(at + ": the publisher did not get all its messages in: " + Fmt.count(st.published().notSent) + " not sent "
                        + "(" + sc.load.maxInFlight() + " requests unanswered), failed " + Fmt.counts(st.published().failures) + ".");
            }
        }
    }

    private List<List<String>> stepRows(PushPhases.Step st, int connected) {
        Meter.Totals t = st.cpu();
        Windows.Delivery d = st.window();
        Windows.Publish p = st.published();
        double seconds = Math.max(1e-9, t.seconds);
        PrometheusText serverWindow = st.server();
        List<List<String>> rows = new ArrayList<>();
        rows.add(Scenario.row("figure", "value"));
        rows.addAll(deliveryRows(st, perRoomShare(connected)));
        if (d.critical.getTotalCount() > 0) {
            rows.add(Scenario.row("... of the CRITICAL entries alone", Fmt.latencies(d.critical)));
        }
        rows.add(Scenario.row("... publish -> accepted (server createdAt - publish time)", Fmt.latencies(d.accept)));
        rows.add(Scenario.row("... accepted -> block sent (server sentAt - createdAt: the window)", Fmt.latencies(d.window)));
        rows.add(Scenario.row("... block sent -> received (fan-out, socket, client)", Fmt.latencies(d.transport)));
        rows.add(Scenario.row("Skipped at the viewers, by reason", Fmt.counts(d.skippedByReason())));
        rows.add(Scenario.row("Blocks received", Fmt.rate(d.blocks / seconds) + "/s, " + (d.blocks == 0 ? "-" : Fmt.rate((double) d.entries / d.blocks))
                + " entries per block; " + (d.bytes == 0 ? "bytes not counted" : Fmt.mib((long) (d.bytes / seconds)) + "/s of frames")));
        rows.add(Scenario.row("Publish request latency", Fmt.latencies(p.latency)));
        double serverP50 = serverWindow.quantileBound("roomcast_http_requests_seconds", "route", "/api/v1/messages", 0.50);
        if (!Double.isNaN(serverP50)) {
            double serverP99 = serverWindow.quantileBound("roomcast_http_requests_seconds", "route", "/api/v1/messages", 0.99);
            rows.add(Scenario.row("... of it in the server (roomcast_http_requests_seconds: from the request's first byte read to "
                    + "its answer; bucket bounds)", "p50 <= " + bound(serverP50) + ", p99 <= " + bound(serverP99)));
        }
        rows.add(Scenario.row("Connection errors and closes", "errors " + Fmt.counts(d.errors) + ", disconnects " + Fmt.count(d.disconnects)));
        rows.addAll(sc.resourceRows(t, st.gc(), st.syscalls()));
        if (st.threads() != null) {
            rows.addAll(threadRows(st.threads(), seconds, serverWindow.sum("roomcast_tcp_blocks_sent_total")));
        }
        if (!serverWindow.isEmpty()) {
            rows.add(Scenario.row("Server: blocks sent (roomcast_tcp_blocks_sent)", Fmt.rate(serverWindow.sum("roomcast_tcp_blocks_sent_total") / seconds) + "/s"));
            rows.add(Scenario.row("Server: bytes sent (roomcast_tcp_bytes_sent)", Fmt.mib((long) (serverWindow.sum("roomcast_tcp_bytes_sent_bytes_total") / seconds)) + "/s"));
            rows.add(Scenario.row("Server: skipped in pushed blocks, slow merges, slow closes", Fmt.roundedCounts(serverWindow.byLabel("roomcast_tcp_skipped_total", "reason"))
                    + "; merges " + Fmt.count((long) serverWindow.sum("roomcast_tcp_slow_merges_total"))
                    + "; slow closes " + Fmt.count((long) serverWindow.sum("roomcast_tcp_slow_closes_total"))));
        }
        return rows;
    }

    /** A histogram bucket's upper bound in seconds, as milliseconds. */
    private static String bound(double seconds) {
        return Double.isInfinite(seconds) ? "+Inf" : Fmt.ms(seconds * 1e6);
    }

    /**
     * The server's CPU by thread kind over the window ({@link ThreadCpu}), how long those threads waited for a
     * processor (when the kernel keeps it), and the push loops' own CPU per block
     * written ({@code blocks} from {@code roomcast_tcp_blocks_sent}; 0: not known), user and kernel apart.
     */
    static List<List<String>> threadRows(ThreadCpu.Usage threads, double seconds, double blocks) {
        List<String> parts = new ArrayList<>();
        for (ThreadCpu.Kind kind : ThreadCpu.Kind.values()) {
            double user = threads.user(kind);
            double system = threads.system(kind);
            if (user + system > 0) {
                parts.add(kind.label + " " + Fmt.cores((user + system) / seconds) + " (kernel " + Fmt.cores(system / seconds) + ")");
            }
        }
        List<String> waits = new ArrayList<>();
        for (ThreadCpu.Kind kind : ThreadCpu.Kind.values()) {
            if (threads.user(kind) + threads.system(kind) > 0 && threads.waiting(kind) > 0) {
                waits.add(kind.label + " " + Fmt.cores(threads.waiting(kind) / seconds));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(Scenario.row("Server CPU by thread, cores", parts.isEmpty() ? "-" : String.join("; ", parts)));
        if (!waits.isEmpty()) {
            rows.add(Scenario.row("Server threads waiting for a processor (run queue, `schedstat`), thread-seconds a second",
                    String.join("; ", waits)));
        }
        if (blocks > 0) {
            double user = threads.user(ThreadCpu.Kind.PUSH_LOOPS);
            double system = threads.system(ThreadCpu.Kind.PUSH_LOOPS);
            rows.add(Scenario.row("Push loops' CPU per block sent (their reads and room windows included)",
                    "user " + Fmt.us(user / blocks * 1e6) + ", kernel " + Fmt.us(system / blocks * 1e6)));
        }
        return rows;
    }

    /**
     * The rows every push report opens a step with: deliveries per second (and its spread over the seconds), what was
     * published, deliveries asked for ({@code viewersPerRoom} x accepted) and the publish -> receive latency.
     */
    static List<List<String>> deliveryRows(PushPhases.Step st, double viewersPerRoom) {
        Windows.Delivery d = st.window();
        Windows.Publish p = st.published();
        double seconds = Math.max(1e-9, st.cpu().seconds);
        double deliveriesPerSecond = d.entries / seconds;
        double acceptedPerSecond = p.accepted / seconds;
        double expectedPerSecond = acceptedPerSecond * viewersPerRoom;
        List<Double> perSecond = new ArrayList<>(st.perSecond());
        perSecond.sort(Double::compare);
        List<List<String>> rows = new ArrayList<>();
        rows.add(Scenario.row("**Deliveries/s at the viewers** (entries received, summed over viewers)", "**" + Fmt.rate(deliveriesPerSecond)
                + "**" + (perSecond.isEmpty() ? "" : " (per second: min " + Fmt.rate(perSecond.get(0)) + ", median "
                + Fmt.rate(perSecond.get(perSecond.size() / 2)) + ", max " + Fmt.rate(perSecond.get(perSecond.size() - 1)) + ")")));
        rows.add(Scenario.row("Published (accepted) / s", Fmt.rate(acceptedPerSecond) + " (sent " + Fmt.rate(p.sent / seconds)
                + ", discarded " + Fmt.counts(p.discardedBy) + ", not sent because the publisher fell behind " + Fmt.count(p.notSent)
                + ", failed " + Fmt.counts(p.failures) + ")"));
        rows.add(Scenario.row("Deliveries asked for (accepted x viewers of the room)", Fmt.rate(expectedPerSecond) + "/s; delivered "
                + Fmt.pct(expectedPerSecond == 0 ? 0 : deliveriesPerSecond / expectedPerSecond)
                + " (blocks in flight at the window's edges move this by about latency / window length; the exact account is below)"));
        rows.add(Scenario.row("**Publish -> receive latency** (sampled viewers)", Fmt.latencies(d.e2e)));
        return rows;
    }

    private void drawChart(List<PushPhases.Step> steps, int connected) {
        String title = sc.name + " sweep, " + sc.wire() + ", " + Fmt.count(connected) + " viewers"
                + (sc.rooms == 1 ? "" : " in " + Fmt.count(sc.rooms) + " rooms") + ", " + sc.startedAt().atZone(ZoneOffset.UTC).toLocalDate();
        drawChart(sc, sc.chart, title, steps, perRoomShare(connected));
    }

    /** Writes a sweep's chart next to the report ({@code --out}) and links it; a failure is a note, not a lost run. */
    static void drawChart(Scenario sc, Path chart, String title, List<PushPhases.Step> steps, double viewersPerRoom) {
        if (chart == null) {
            sc.notes.add("No --out=FILE.md: the sweep's chart (FILE-sweep.png) was not drawn.");
            return;
        }
        try {
            SweepChart.write(title, SweepTable.points(steps, viewersPerRoom), chart);
            sc.body.para("![sweep](" + chart.getFileName() + ")");
            sc.progress("chart", "sweep chart written to " + chart.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            sc.notes.add("The sweep's chart could not be written to " + chart + ": " + e);
        }
    }

    /** Viewers per room (the connected ones spread evenly). */
    private double perRoomShare(int connected) {
        return (double) connected / sc.rooms;
    }

    private String settingsText() {
        StringBuilder out = new StringBuilder();
        sc.server.settings.forEach((k, v) -> {
            if (!k.equals("api.keys") && !k.equals("token.secret") && !k.equals("data.dir")) {
                out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }
}
