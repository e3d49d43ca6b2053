package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
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
    private final String name;
    private final int rooms;
    private final int viewersPerRoom;
    private final double ratePerRoom;
    /** The publish rates per room to hold in turn: {@code --sweep=}, or the one rate. */
    private final List<Double> rates;
    private final boolean tls;
    private final int payloadBytes;
    private final int warmup;
    private final int duration;
    private final int latencyEvery;
    private final double connectRate;
    private final long tickMillis;
    private final int maxBatch;
    private final String mix;
    private final int drain;
    private final boolean heapHistogram;
    /** Where the sweep's chart goes ({@code --out=FILE.md} -> {@code FILE-sweep.png}), or null without {@code --out}. */
    private final Path chart;

    private PushScenario(Options options, String command, String name, int rooms, int viewersPerRoom, double ratePerRoom,
                         int latencyEvery) {
        super(options, command);
        this.name = name;
        this.rooms = options.integer("rooms", rooms, 1, 1_000_000);
        this.viewersPerRoom = options.integer(rooms == 1 ? "viewers" : "viewers-per-room", viewersPerRoom, 1, 10_000_000);
        this.ratePerRoom = options.decimal(rooms == 1 ? "rate" : "rate-per-room", ratePerRoom, 0.01, 10_000_000);
        this.tls = !options.flag("plain", false);
        this.payloadBytes = options.integer("payload-bytes", 100, 40, 8_000);
        this.warmup = options.integer("warmup", 5, 0, 3_600);
        this.duration = options.integer("duration", 20, 1, 3_600);
        this.latencyEvery = options.integer("latency-every", latencyEvery, 1, 1_000_000);
        this.connectRate = options.decimal("connect-rate", tls ? 1_000 : 2_000, 1, 1_000_000);
        this.tickMillis = options.longValue("tick-ms", 50, 1, 10_000);
        this.maxBatch = options.integer("max-batch", 500, 1, 10_000);
        this.mix = options.string("mix", "chat=1");
        this.drain = options.integer("drain", 30, 1, 600);
        this.heapHistogram = options.flag("server-histogram", false);
        List<Double> sweep = new ArrayList<>();
        for (String r : options.list("sweep", List.of())) {
            try {
                double rate = Double.parseDouble(r.replace("_", ""));
                if (!(rate > 0)) {
                    throw new NumberFormatException();
                }
                sweep.add(rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep: '" + r + "' is not a positive rate (messages/s per room)");
            }
        }
        this.rates = sweep.isEmpty() ? List.of(this.ratePerRoom) : List.copyOf(sweep);
        String out = options.string("out", null);
        this.chart = out == null ? null : SweepChart.pathFor(Path.of(out));
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

    @Override
    String purpose() {
        return String.format(Locale.ROOT, "%,d room%s x %,d viewers on long connections (%s), %s messages/s published "
                        + "per room over HTTP (%d-byte payloads), render budget off: deliveries per second at the viewers, "
                        + "publish-to-receive latency, skipped counts, CPU of both sides.",
                rooms, rooms == 1 ? "" : "s", viewersPerRoom, tls ? "TLS" : "plain TCP",
                rates.size() == 1 ? Fmt.rate(ratePerRoom) : "in steps of " + rateList(), payloadBytes);
    }

    @Override
    void execute() {
        double maxRate = rates.stream().mapToDouble(Double::doubleValue).max().orElse(ratePerRoom);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("render.budget", "0");
        settings.put("room.budget", Long.toString((long) Math.max(1_000, Math.ceil(maxRate * 2))));
        settings.put("tcp.max.new.per.second", Long.toString((long) Math.max(2_000, connectRate * 2)));
        settings.put("tcp.max.connections", Long.toString(Math.max(200_000L, (long) rooms * viewersPerRoom + 1_000)));
        List<Publisher.Kind> kinds = Publisher.parseMix(mix);
        List<String> roomIds = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            roomIds.add(rooms == 1 ? "hot" : "room-" + r);
        }
        startServer(tls, settings, roomIds.get(0));
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
            boolean sample = i % latencyEvery == 0;
            sampled += sample ? 1 : 0;
            specs.add(new Viewers.Spec(users.get(i), tokens.get(i), roomIds.get(i % rooms), sample));
        }

        DeliveryStats stats = new DeliveryStats();
        Viewers fleet = newViewers(stats, viewers);
        Windows.Delivery.Sampler deliveries = new Windows.Delivery.Sampler(stats);
        long rampStart = System.nanoTime();
        fleet.open(specs, connectRate);
        Meter.Totals rampTotals = new Meter.Totals();
        final int target = viewers;
        boolean allIn = tickUntil("ramp", () -> stats.live.get() >= target, rampTimeout(target, connectRate), r -> {
                    rampTotals.add(r);
                    Windows.Delivery d = deliveries.next();
                    return "viewers " + Fmt.count(stats.live.get()) + "/" + Fmt.count(target) + " (+" + d.sessions + " sessions/s, "
                            + stats.connectFailures.sum() + " connect failures, errors " + Fmt.counts(stats.errorCounts()) + ") | " + cpu(r);
                });
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        int connected = stats.live.get();
        if (!allIn) {
            notes.add("Only " + Fmt.count(connected) + " of " + Fmt.count(target) + " viewers had an open session when the ramp "
                    + "timed out; the run went on with them.");
        }
        // Let the last sessions' Welcome and any replay settle.
        tick();
        deliveries.next();

        List<Step> steps = new ArrayList<>();
        for (double rate : rates) {
            steps.add(step(rate, kinds, roomIds, deliveries));
        }
        report(viewers, connected, sampled, rampSeconds, rampTotals, steps, stats, fleet.describe());
    }

    /**
     * One publish rate held for warm-up and measure, then the drain: the figures of the measure window and the step's
     * account. {@code server} is the growth of the server's counters over the window, {@code serverEnd} its scrape at the
     * window's end (gauges such as direct memory).
     */
    record Step(double ratePerRoom, Meter.Totals cpu, Windows.Delivery window, Windows.Publish published,
                List<Double> perSecond, JvmTools.Pauses gc, PrometheusText server, PrometheusText serverEnd, Syscalls syscalls,
                Windows.Delivery whole, Windows.Publish wholePublished, double drainSeconds, boolean drained,
                String histogram) {
    }

    private Step step(double rate, List<Publisher.Kind> kinds, List<String> roomIds, Windows.Delivery.Sampler deliveries) {
        String tag = rates.size() == 1 ? "" : "@" + Fmt.rate(rate) + " ";
        double totalRate = rate * rooms;
        Windows.Delivery whole = new Windows.Delivery();
        Windows.Publish wholePublished = new Windows.Publish();
        Publisher.Stats pubStats = new Publisher.Stats();
        Publisher publisher = closeLater(new Publisher(server.http, server.apiKey, payloadBytes, kinds, roomIds, tickMillis,
                maxBatch, 64, pubStats));
        Windows.Publish.Sampler publishes = new Windows.Publish.Sampler(pubStats);
        publisher.start(seconds -> totalRate);
        for (int s = 0; s < warmup; s++) {
            Meter.Reading r = tick();
            Windows.Delivery d = deliveries.next();
            Windows.Publish p = publishes.next();
            whole.add(d);
            wholePublished.add(p);
            progress(tag + "warmup", line(d, p, r));
        }

        PrometheusText before = server.metrics();
        JvmTools.Pauses gcBefore = server.gcPauses();
        Meter.Totals totals = new Meter.Totals();
        Windows.Delivery window = new Windows.Delivery();
        Windows.Publish published = new Windows.Publish();
        List<Double> perSecond = new ArrayList<>();
        int perfAt = Math.max(0, (duration - perfSeconds) / 2);
        PerfStat[] perf = null;
        for (int s = 0; s < duration; s++) {
            if (s == perfAt) {
                perf = startPerf();
            }
            Meter.Reading r = tick();
            Windows.Delivery d = deliveries.next();
            Windows.Publish p = publishes.next();
            totals.add(r);
            window.add(d);
            published.add(p);
            whole.add(d);
            wholePublished.add(p);
            perSecond.add(d.entries / Math.max(1e-9, r.seconds()));
            progress(tag + "measure", line(d, p, r));
        }
        JvmTools.Pauses gc = server.gcPauses().minus(gcBefore);
        PrometheusText after = server.metrics();
        PrometheusText serverWindow = after.minus(before);
        Syscalls syscalls = awaitPerf(perf);

        String histogram = heapHistogram ? serverHeapHistogram(15) : null;
        closeNow(publisher);
        wholePublished.add(publishes.next());
        // Drained: every viewer has accounted for every accepted message (delivered + skipped), or nothing has come for
        // 5 s (a stalled server: the account shows the gap), or the time is up.
        long expected = Math.round(wholePublished.accepted * (double) deliveries.live() / rooms);
        int quiet = 0;
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + Duration.ofSeconds(drain).toNanos();
        boolean complete = whole.entries + whole.skippedTotal() >= expected;
        while (!complete && quiet < 5 && System.nanoTime() < drainDeadline) {
            Meter.Reading r = tick();
            Windows.Delivery d = deliveries.next();
            whole.add(d);
            quiet = d.entries == 0 && d.skippedTotal() == 0 ? quiet + 1 : 0;
            complete = whole.entries + whole.skippedTotal() >= expected;
            progress(tag + "drain", "deliveries " + Fmt.si(d.entries) + " skipped " + Fmt.si(d.skippedTotal()) + " | accounted "
                    + Fmt.pct(expected == 0 ? 1 : (double) (whole.entries + whole.skippedTotal()) / expected) + " | " + cpu(r));
        }
        return new Step(rate, totals, window, published, perSecond, gc, serverWindow, after, syscalls, whole, wholePublished,
                (System.nanoTime() - drainStart) / 1e9, complete, histogram);
    }

    private String line(Windows.Delivery d, Windows.Publish p, Meter.Reading r) {
        double s = Math.max(1e-9, r.seconds());
        return "live " + Fmt.count(d.live) + " | deliveries/s " + Fmt.si(d.entries / s)
                + " | published/s " + Fmt.si(p.sent / s) + " (accepted " + Fmt.si(p.accepted / s) + ")"
                + " | e2e p50 " + Fmt.percentile(d.e2e, 50) + " p99 " + Fmt.percentile(d.e2e, 99)
                + " | skipped " + Fmt.si(d.skippedTotal()) + " | " + cpu(r);
    }

    private void report(int viewers, int connected, int sampled, double rampSeconds, Meter.Totals ramp, List<Step> steps,
                        DeliveryStats stats, String client) {
        long window = Long.parseLong(serverSetting("block.window.ms", "500"));
        body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(row("setting", "value"));
        setup.add(row("Rooms x viewers", Fmt.count(rooms) + " x " + Fmt.count(viewers / rooms) + " = " + Fmt.count(viewers)
                + " long connections (" + (tls ? "TLS" : "plain TCP") + "), " + Fmt.count(connected) + " with a session when publishing began"));
        setup.add(row("Viewer client", client + "; latencies decoded on every " + latencyEvery + (latencyEvery == 1 ? "st" : "th")
                + " connection (" + Fmt.count(sampled) + " connections), every entry counted on all"));
        setup.add(row("Publishing", (rates.size() == 1 ? Fmt.rate(rates.get(0)) : "steps of " + rateList()) + " messages/s per room"
                + (rooms == 1 ? "" : " (x " + Fmt.count(rooms) + " rooms)") + ", JSON batches every " + tickMillis
                + " ms (at most " + maxBatch + " per request), mix " + mix + ", " + payloadBytes + "-byte payloads carrying the publish time"));
        setup.add(row("Server settings", server.settings.isEmpty() ? "(not applied: external server)" : settingsText()));
        setup.add(row("Phases", "ramp " + String.format(Locale.ROOT, "%.1f", rampSeconds) + " s; then per publish rate: warm-up " + warmup
                + " s (not counted), measure " + duration + " s, then a drain (publishing stopped) until every viewer has accounted "
                + "for every accepted message, or nothing arrived for 5 s, or " + drain + " s passed"));
        body.table(setup);

        if (steps.size() > 1) {
            body.heading(2, "Sweep (measure windows)");
            boolean critical = Publisher.parseMix(mix).stream().anyMatch(k -> "CRITICAL".equals(k.priority()));
            body.table(SweepTable.rows(steps, perRoomShare(connected), critical));
            body.para("Offered: messages sent by the publisher per second (all rooms); asked: accepted x viewers of the room; "
                    + "% of peak: deliveries/s against the sweep's highest; skipped per second as the viewers were told, by reason; "
                    + "server RSS at the window's end and its peak in the window; direct memory: the JDK's direct buffers at the "
                    + "window's end (/metrics " + SweepTable.BUFFER_MEMORY + "{id=\"direct\"}); server GC: pause time from its GC log.");
            drawChart(steps, connected);
        }

        for (Step st : steps) {
            body.heading(2, (steps.size() == 1 ? "Results" : "Step: " + Fmt.rate(st.ratePerRoom()) + " messages/s per room")
                    + " (measure window)");
            body.table(stepRows(st, connected));
            if (st.histogram() != null) {
                body.para("Server heap at the end of the measure window (jcmd GC.class_histogram, after a full GC; top classes):");
                body.code(st.histogram());
            }
            long accepted = st.wholePublished().accepted;
            long expected = Math.round(accepted * perRoomShare(connected));
            long got = st.whole().entries + st.whole().skippedTotal();
            body.para("Account of the step (warm-up, measure and drain): every viewer accounts for every message accepted while it "
                    + "watched, delivered + skipped = accepted x viewers of its room: accepted " + Fmt.count(accepted) + " x "
                    + Fmt.count(Math.round(perRoomShare(connected))) + " = " + Fmt.count(expected) + "; delivered "
                    + Fmt.count(st.whole().entries) + " + skipped " + Fmt.count(st.whole().skippedTotal()) + " = " + Fmt.count(got) + " ("
                    + Fmt.pct(expected == 0 ? 0 : (double) got / expected) + ")" + (st.drained() ? "" : "; NOT complete after "
                    + String.format(Locale.ROOT, "%.0f", st.drainSeconds()) + " s of drain (the server stalled, or the drain limit of "
                    + drain + " s was reached): the missing part never arrived in the run")
                    + (st.whole().disconnects > 0 ? "; " + Fmt.count(st.whole().disconnects) + " disconnects (a resumed viewer's replay "
                    + "is bounded, so a gap is expected)" : "") + ".");
        }

        body.heading(2, "Ramp");
        body.para(String.format(Locale.ROOT, "%,d sessions opened in %.1f s (%.0f/s; asked %.0f/s); CPU during the ramp: server %s cores, "
                        + "client %s cores (%s).", connected, rampSeconds,
                connected / Math.max(1e-9, rampSeconds), connectRate, Fmt.cores(ramp.serverCores()), Fmt.cores(ramp.clientCores()),
                tls ? "TLS handshakes, the server's by " + server.tlsProvider() + ", the generator's by the JDK provider; "
                        + "and the Hello token checks" : "no TLS; Hello token checks"));

        body.heading(2, "Targets");
        double target = tls ? 0.6 * 5_000_000 : 5_000_000;
        for (Step st : steps) {
            double sec = Math.max(1e-9, st.cpu().seconds);
            double delivered = st.window().entries / sec;
            String at = steps.size() == 1 ? "" : " at " + Fmt.rate(st.ratePerRoom()) + " messages/s";
            if (rooms == 1) {
                body.bullet((tls ? "TLS: >= 60% of 5,000,000 = 3,000,000" : "Plain TCP: >= 5,000,000") + " deliveries/s" + at + ": measured "
                        + Fmt.rate(delivered) + " -> " + (delivered >= target ? "met" : "MISSED (" + Fmt.pct(delivered / target) + " of it)"));
            }
            if (st.window().e2e.getTotalCount() > 0) {
                double p99 = st.window().e2e.getValueAtPercentile(99) / 1000.0;
                body.bullet("p99 publish -> receive <= block window (" + window + " ms) + 20 ms" + at + ": measured "
                        + Fmt.ms(st.window().e2e.getValueAtPercentile(99)) + " -> " + (p99 <= window + 20 ? "met" : "MISSED"));
            }
        }
        body.end();

        for (Step st : steps) {
            String at = steps.size() == 1 ? "Measure window" : "Step " + Fmt.rate(st.ratePerRoom()) + " messages/s";
            noteCpuSaturation(at, st.cpu());
            Windows.Delivery d = st.window();
            if (d.skipped[2] > 0) {
                notes.add(at + ": viewers were told of " + Fmt.count(d.skipped[2]) + " 'budget' skips with the render budget off: those "
                        + "come from slow-connection merges (a connection above its write-buffer watermark has its pending blocks merged "
                        + "by priority), i.e. the server produced faster than the sockets (or the generator) drained.");
            }
            if (d.skipped[1] > 0) {
                notes.add(at + ": " + Fmt.count(d.skipped[1]) + " entries were skipped for 'age': older than their category's maximum "
                        + "age when their block was built, i.e. the push path had fallen seconds behind.");
            }
            if (st.gc().count() > 0 && st.cpu().seconds > 0 && st.gc().millis() / 1000 / st.cpu().seconds > 0.05) {
                notes.add(at + ": server GC pauses took " + Fmt.pct(st.gc().millis() / 1000 / st.cpu().seconds) + " of the window.");
            }
            if (st.published().notSent > 0 || st.published().failed() > 0) {
                notes.add(at + ": the publisher did not get all its messages in: " + Fmt.count(st.published().notSent) + " not sent "
                        + "(64 requests unanswered), failed " + Fmt.counts(st.published().failures) + ".");
            }
        }
    }

    private List<List<String>> stepRows(Step st, int connected) {
        Meter.Totals t = st.cpu();
        Windows.Delivery d = st.window();
        Windows.Publish p = st.published();
        double seconds = Math.max(1e-9, t.seconds);
        double deliveriesPerSecond = d.entries / seconds;
        double acceptedPerSecond = p.accepted / seconds;
        double expectedPerSecond = acceptedPerSecond * perRoomShare(connected);
        List<Double> perSecond = new ArrayList<>(st.perSecond());
        perSecond.sort(Double::compare);
        PrometheusText serverWindow = st.server();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("figure", "value"));
        rows.add(row("**Deliveries/s at the viewers** (entries received, summed over viewers)", "**" + Fmt.rate(deliveriesPerSecond)
                + "**" + (perSecond.isEmpty() ? "" : " (per second: min " + Fmt.rate(perSecond.get(0)) + ", median "
                + Fmt.rate(perSecond.get(perSecond.size() / 2)) + ", max " + Fmt.rate(perSecond.get(perSecond.size() - 1)) + ")")));
        rows.add(row("Published (accepted) / s", Fmt.rate(acceptedPerSecond) + " (sent " + Fmt.rate(p.sent / seconds)
                + ", discarded " + Fmt.counts(p.discardedBy) + ", not sent because the publisher fell behind " + Fmt.count(p.notSent)
                + ", failed " + Fmt.counts(p.failures) + ")"));
        rows.add(row("Deliveries asked for (accepted x viewers of the room)", Fmt.rate(expectedPerSecond) + "/s; delivered "
                + Fmt.pct(expectedPerSecond == 0 ? 0 : deliveriesPerSecond / expectedPerSecond)
                + " (blocks in flight at the window's edges move this by about latency / window length; the exact account is below)"));
        rows.add(row("**Publish -> receive latency** (sampled viewers)", Fmt.latencies(d.e2e)));
        if (d.critical.getTotalCount() > 0) {
            rows.add(row("... of the CRITICAL entries alone", Fmt.latencies(d.critical)));
        }
        rows.add(row("... publish -> accepted (server createdAt - publish time)", Fmt.latencies(d.accept)));
        rows.add(row("... accepted -> block sent (server sentAt - createdAt: the window)", Fmt.latencies(d.window)));
        rows.add(row("... block sent -> received (fan-out, socket, client)", Fmt.latencies(d.transport)));
        rows.add(row("Skipped at the viewers, by reason", Fmt.counts(d.skippedByReason())));
        rows.add(row("Blocks received", Fmt.rate(d.blocks / seconds) + "/s, " + (d.blocks == 0 ? "-" : Fmt.rate((double) d.entries / d.blocks))
                + " entries per block; " + (d.bytes == 0 ? "bytes not counted" : Fmt.mib((long) (d.bytes / seconds)) + "/s of frames")));
        rows.add(row("Publish request latency", Fmt.latencies(p.latency)));
        rows.add(row("Connection errors and closes", "errors " + Fmt.counts(d.errors) + ", disconnects " + Fmt.count(d.disconnects)));
        rows.addAll(resourceRows(t, st.gc(), st.syscalls()));
        if (!serverWindow.isEmpty()) {
            rows.add(row("Server: blocks sent (roomcast_tcp_blocks_sent)", Fmt.rate(serverWindow.sum("roomcast_tcp_blocks_sent_total") / seconds) + "/s"));
            rows.add(row("Server: bytes sent (roomcast_tcp_bytes_sent)", Fmt.mib((long) (serverWindow.sum("roomcast_tcp_bytes_sent_bytes_total") / seconds)) + "/s"));
            rows.add(row("Server: skipped in pushed blocks, slow merges, slow closes", counts(serverWindow.byLabel("roomcast_tcp_skipped_total", "reason"))
                    + "; merges " + Fmt.count((long) serverWindow.sum("roomcast_tcp_slow_merges_total"))
                    + "; slow closes " + Fmt.count((long) serverWindow.sum("roomcast_tcp_slow_closes_total"))));
        }
        return rows;
    }

    /** Writes the sweep's chart next to the report ({@code --out}) and links it; a failure is a note, not a lost run. */
    private void drawChart(List<Step> steps, int connected) {
        if (chart == null) {
            notes.add("No --out=FILE.md: the sweep's chart (FILE-sweep.png) was not drawn.");
            return;
        }
        String title = name + " sweep, " + (tls ? "TLS" : "plain TCP") + ", " + Fmt.count(connected) + " viewers"
                + (rooms == 1 ? "" : " in " + Fmt.count(rooms) + " rooms") + ", " + startedAt().atZone(ZoneOffset.UTC).toLocalDate();
        try {
            SweepChart.write(title, SweepTable.points(steps, perRoomShare(connected)), chart);
            body.para("![sweep](" + chart.getFileName() + ")");
            progress("chart", "sweep chart written to " + chart.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            notes.add("The sweep's chart could not be written to " + chart + ": " + e);
        }
    }

    private String rateList() {
        StringBuilder out = new StringBuilder();
        for (double r : rates) {
            out.append(out.length() == 0 ? "" : ", ").append(Fmt.rate(r));
        }
        return out.toString();
    }

    /** Viewers per room (the connected ones spread evenly). */
    private double perRoomShare(int connected) {
        return (double) connected / rooms;
    }

    private String settingsText() {
        StringBuilder out = new StringBuilder();
        server.settings.forEach((k, v) -> {
            if (!k.equals("api.keys") && !k.equals("token.secret") && !k.equals("data.dir")) {
                out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }

    private static String counts(Map<String, Double> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, Math.round(v)));
        return Fmt.counts(out);
    }
}
