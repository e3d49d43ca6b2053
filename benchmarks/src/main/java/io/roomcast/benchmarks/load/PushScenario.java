package io.roomcast.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
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
    private final double ratePerRoom;
    /** The publish rates per room to hold in turn: {@code --sweep=}, or the one rate. */
    final List<Double> rates;
    final boolean tls;
    final int payloadBytes;
    final int warmup;
    final int duration;
    final int latencyEvery;
    final double connectRate;
    final long tickMillis;
    final int maxBatch;
    final String mix;
    final int drain;
    private final boolean heapHistogram;
    /** Where the sweep's chart goes ({@code --out=FILE.md} -> {@code FILE-sweep.png}), or null without {@code --out}. */
    final Path chart;

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
        new PushReport(this).write(viewers, connected, sampled, rampSeconds, rampTotals, steps, stats, fleet.describe());
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

    /** The sweep's rates per room, comma-separated, as the report gives them. */
    String rateList() {
        StringBuilder out = new StringBuilder();
        for (double r : rates) {
            out.append(out.length() == 0 ? "" : ", ").append(Fmt.rate(r));
        }
        return out.toString();
    }
}
