package io.roomcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A room that goes from quiet to a burst and back: {@code --quiet-rate} messages/s for
 * {@code --before} seconds, {@code --burst-rate} for {@code --burst} seconds, then quiet again for
 * {@code --after} seconds, with the default room budget and render budget (the overload rules at
 * work), {@code --viewers} long connections and {@code --pollers} guests polling by
 * {@code pollAfterMs}. Reports a per-second timeline (offered, accepted, discarded by reason,
 * delivered and skipped by reason at the viewers and pollers, latency), the totals by rule, and how
 * many seconds after the burst the viewers' latency was back at the quiet level.
 */
final class BurstScenario extends Scenario {
    private final int viewers;
    private final int pollers;
    private final double quietRate;
    private final double burstRate;
    private final int before;
    private final int burst;
    private final int after;
    private final boolean tls;
    private final String mix;
    private final int payloadBytes;
    private final double connectRate;
    private final long tickMillis;
    private final int latencyEvery;
    private final Map<String, String> overrides;

    BurstScenario(Options options, String command) {
        super(options, command);
        this.viewers = options.integer("viewers", 500, 0, 1_000_000);
        this.pollers = options.integer("pollers", 500, 0, 1_000_000);
        this.quietRate = options.decimal("quiet-rate", 1, 0, 1_000_000);
        this.burstRate = options.decimal("burst-rate", 5_000, 0, 1_000_000);
        this.before = options.integer("before", 10, 1, 3_600);
        this.burst = options.integer("burst", 10, 1, 3_600);
        this.after = options.integer("after", 20, 1, 3_600);
        this.tls = !options.flag("plain", false);
        this.mix = options.string("mix", "chat=50,notify=20,gift=20,biggift=10");
        this.payloadBytes = options.integer("payload-bytes", 100, 40, 8_000);
        this.connectRate = options.decimal("connect-rate", tls ? 500 : 1_000, 1, 1_000_000);
        this.tickMillis = options.longValue("tick-ms", 50, 1, 10_000);
        this.latencyEvery = options.integer("latency-every", 1, 1, 1_000_000);
        this.overrides = options.withPrefix("server.");
    }

    @Override
    String name() {
        return "burst";
    }

    @Override
    String purpose() {
        return String.format(Locale.ROOT, "One room at %s messages/s for %d s, %,.0f messages/s for %d s, then %s/s for %d s, "
                        + "default room budget and render budget, %,d viewers on long connections (%s) and %,d pollers: what was delivered, "
                        + "what was dropped by which rule, and how fast the room recovered.", num(quietRate), before, burstRate, burst,
                num(quietRate), after, viewers, tls ? "TLS" : "plain TCP", pollers);
    }

    /** One second of the timeline. */
    private record Second(int t, String phase, Windows.Publish published, Windows.Delivery viewers, Windows.Poll polls,
                          Meter.Reading cpu) {
    }

    @Override
    void execute() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tcp.max.new.per.second", Long.toString((long) Math.max(2_000, connectRate * 2)));
        startServer(tls, settings, "burst");
        startClock();
        int v = capConnections("viewers", viewers, pollers + 64, pollers + 64);

        DeliveryStats viewerStats = new DeliveryStats();
        Windows.Delivery.Sampler viewerSampler = new Windows.Delivery.Sampler(viewerStats);
        if (v > 0) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < v; i++) {
                users.add("b" + i);
            }
            List<String> tokens = tokens(users);
            List<Viewers.Spec> specs = new ArrayList<>();
            for (int i = 0; i < v; i++) {
                specs.add(new Viewers.Spec(users.get(i), tokens.get(i), "burst", i % latencyEvery == 0));
            }
            Viewers fleet = newViewers(viewerStats, v);
            fleet.open(specs, connectRate);
            tickUntil("ramp", () -> viewerStats.live.get() >= v, rampTimeout(v, connectRate),
                    r -> "viewers " + viewerStats.live.get() + "/" + v + " | " + cpu(r));
        }
        Pollers.Stats pollStats = new Pollers.Stats();
        if (pollers > 0) {
            NettyTransport transport = closeLater(NettyTransport.create(clientThreads, false, "poller"));
            Pollers fleet = closeLater(new Pollers(transport, new InetSocketAddress(server.http.getHost(), server.http.getPort()),
                    pollStats, Pollers.Mode.PACED, 0, 2_000));
            List<Pollers.Spec> specs = new ArrayList<>();
            for (int i = 0; i < pollers; i++) {
                specs.add(new Pollers.Spec("burst", "q" + i, true));
            }
            fleet.open(specs, 2_000);
            tickUntil("ramp", () -> pollStats.connected.get() >= pollers, Duration.ofSeconds(60),
                    r -> "pollers " + pollStats.connected.get() + "/" + pollers + " | " + cpu(r));
        }
        Windows.Poll.Sampler pollSampler = new Windows.Poll.Sampler(pollStats);
        for (int i = 0; i < 2; i++) {
            progress("settle", cpu(tick()));
        }
        viewerSampler.next();
        pollSampler.next();

        Publisher.Stats pubStats = new Publisher.Stats();
        Publisher publisher = closeLater(new Publisher(server.http, server.apiKey, payloadBytes, Publisher.parseMix(mix), List.of("burst"),
                tickMillis, 500, 64, pubStats));
        Windows.Publish.Sampler pubSampler = new Windows.Publish.Sampler(pubStats);
        PrometheusText metricsBefore = server.metrics();
        JvmTools.Pauses gcBefore = server.gcPauses();
        publisher.start(seconds -> seconds < before ? quietRate : seconds < before + burst ? burstRate : quietRate);
        List<Second> timeline = new ArrayList<>();
        Meter.Totals totals = new Meter.Totals();
        for (int t = 0; t < before + burst + after; t++) {
            Meter.Reading r = tick();
            String phase = t < before ? "quiet" : t < before + burst ? "BURST" : "after";
            Second s = new Second(t + 1, phase, pubSampler.next(), viewerSampler.next(), pollSampler.next(), r);
            timeline.add(s);
            totals.add(r);
            progress(phase, line(s));
        }
        closeNow(publisher);
        // The last blocks and polls of the run come in; counted in the totals, not in the timeline.
        Windows.Delivery tailViewers = new Windows.Delivery();
        Windows.Poll tailPolls = new Windows.Poll();
        for (int i = 0; i < 3; i++) {
            Meter.Reading r = tick();
            tailViewers.add(viewerSampler.next());
            tailPolls.add(pollSampler.next());
            pubSampler.next();
            progress("drain", cpu(r));
        }
        PrometheusText serverDelta = server.metrics().minus(metricsBefore);
        JvmTools.Pauses gc = server.gcPauses().minus(gcBefore);
        report(v, timeline, tailViewers, tailPolls, totals, serverDelta, gc, pubStats, viewerStats);
    }

    private String line(Second s) {
        double sec = Math.max(1e-9, s.cpu().seconds());
        return "offered " + Fmt.si(s.published().sent / sec) + "/s accepted " + Fmt.si(s.published().accepted / sec)
                + " discarded " + Fmt.counts(s.published().discardedBy)
                + " | viewers got " + Fmt.si(s.viewers().entries / sec) + "/s skipped " + Fmt.counts(s.viewers().skippedByReason())
                + " p99 " + Fmt.percentile(s.viewers().e2e, 99)
                + " | polls " + Fmt.si(s.polls().polls / sec) + "/s msgs " + Fmt.si(s.polls().messages.entries / sec)
                + " | " + cpu(s.cpu());
    }

    private void report(int v, List<Second> timeline, Windows.Delivery tailViewers, Windows.Poll tailPolls, Meter.Totals totals,
                        PrometheusText server, JvmTools.Pauses gc, Publisher.Stats pubStats, DeliveryStats viewerStats) {
        Windows.Publish quietPub = new Windows.Publish();
        Windows.Publish burstPub = new Windows.Publish();
        Windows.Publish afterPub = new Windows.Publish();
        Windows.Delivery quietV = new Windows.Delivery();
        Windows.Delivery burstV = new Windows.Delivery();
        Windows.Delivery afterV = new Windows.Delivery();
        Windows.Poll quietP = new Windows.Poll();
        Windows.Poll burstP = new Windows.Poll();
        Windows.Poll afterP = new Windows.Poll();
        for (Second s : timeline) {
            switch (s.phase()) {
                case "quiet" -> {
                    quietPub.add(s.published());
                    quietV.add(s.viewers());
                    quietP.add(s.polls());
                }
                case "BURST" -> {
                    burstPub.add(s.published());
                    burstV.add(s.viewers());
                    burstP.add(s.polls());
                }
                default -> {
                    afterPub.add(s.published());
                    afterV.add(s.viewers());
                    afterP.add(s.polls());
                }
            }
        }

        body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(row("setting", "value"));
        setup.add(row("Viewers", Fmt.count(v) + " long connections (" + (tls ? "TLS" : "plain TCP") + ", lean client, every one decoding latencies)"));
        setup.add(row("Pollers", Fmt.count(pollers) + " guests polling by pollAfterMs (server's default limit), every one decoding latencies"));
        setup.add(row("Publishing", "mix " + mix + " (" + Publisher.KINDS.keySet() + ": chat LOW, notify LOWEST, gift 100 coins, biggift 5,000 coins"
                + " HIGH), " + payloadBytes + "-byte payloads, batches every " + tickMillis + " ms"));
        setup.add(row("Server settings", "defaults for room.budget (1000/s), render.budget (20/s per viewer), block window (50 ms to 1 s, following the load), "
                + "block.quiet.ms (1000), poll.cache.ms (100)" + (overrides.isEmpty() ? "" : "; overridden: " + overrides)));
        body.table(setup);

        body.heading(2, "Totals by phase");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("phase", "offered", "accepted", "discarded at publish (by reason)", "viewer deliveries (per viewer/s)",
                "viewer skipped (by reason)", "viewer e2e p50 / p99 / max", "poll messages", "poll skipped", "poller e2e p50 / p99"));
        rows.add(phaseRow("quiet (" + before + " s)", before, v, quietPub, quietV, quietP));
        rows.add(phaseRow("burst (" + burst + " s)", burst, v, burstPub, burstV, burstP));
        rows.add(phaseRow("after (" + after + " s)", after, v, afterPub, afterV, afterP));
        body.table(rows);

        body.heading(2, "Timeline (one row per second)");
        List<List<String>> tl = new ArrayList<>();
        tl.add(List.of("s", "phase", "offered", "accepted", "discarded", "viewer msgs/viewer", "viewer skipped", "viewer e2e p50 / p99",
                "polls", "poll msgs", "poll skipped", "server CPU", "client CPU"));
        for (Second s : timeline) {
            double sec = Math.max(1e-9, s.cpu().seconds());
            tl.add(List.of(Integer.toString(s.t()), s.phase(), Fmt.count(s.published().sent), Fmt.count(s.published().accepted),
                    Fmt.counts(s.published().discardedBy), v == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) s.viewers().entries / v),
                    Fmt.counts(s.viewers().skippedByReason()),
                    Fmt.percentile(s.viewers().e2e, 50) + " / " + Fmt.percentile(s.viewers().e2e, 99),
                    Fmt.count(s.polls().polls), Fmt.count(s.polls().messages.entries), Fmt.counts(s.polls().messages.skippedByReason()),
                    Fmt.cores(s.cpu().serverCpu() / sec), Fmt.cores(s.cpu().clientCpu() / sec)));
        }
        body.table(tl);

        body.heading(2, "Dropped, by rule (whole run)");
        body.bullet("At publish (room budget, answers to the publisher): accepted " + Fmt.count(pubStats.accepted.sum()) + " of "
                + Fmt.count(pubStats.sent.sum()) + " offered; discarded " + Fmt.counts(Publisher.Stats.snapshot(pubStats.discardedBy))
                + "; accepted by priority " + Fmt.counts(Publisher.Stats.snapshot(pubStats.acceptedByPriority))
                + "; failed " + Fmt.counts(Publisher.Stats.snapshot(pubStats.failures)));
        if (!server.isEmpty()) {
            body.bullet("Server /metrics over the run: published " + Fmt.roundedCounts(server.byLabel("roomcast_published_total", "status"))
                    + "; discarded " + Fmt.roundedCounts(server.byLabel("roomcast_discarded_total", "reason"))
                    + "; skipped in pushed blocks " + Fmt.roundedCounts(server.byLabel("roomcast_tcp_skipped_total", "reason"))
                    + "; skipped in poll answers " + Fmt.roundedCounts(server.byLabel("roomcast_poll_skipped_total", "reason"))
                    + "; slow-connection merges " + Fmt.count((long) server.sum("roomcast_tcp_slow_merges_total")));
        }
        Windows.Delivery allV = new Windows.Delivery();
        allV.add(quietV);
        allV.add(burstV);
        allV.add(afterV);
        allV.add(tailViewers);
        long accepted = pubStats.accepted.sum();
        long told = allV.entries + allV.skippedTotal();
        body.bullet("Viewers (told in each block): delivered " + Fmt.count(allV.entries) + ", skipped " + Fmt.counts(allV.skippedByReason())
                + "; delivered + skipped = " + Fmt.count(told) + " against accepted x viewers = " + Fmt.count(accepted * v) + " ("
                + Fmt.pct(accepted * v == 0 ? 0 : (double) told / (accepted * v)) + ")");
        Windows.Poll allP = new Windows.Poll();
        allP.add(quietP);
        allP.add(burstP);
        allP.add(afterP);
        allP.add(tailPolls);
        body.bullet("Pollers: " + Fmt.count(allP.polls) + " polls, " + Fmt.count(allP.messages.entries) + " messages delivered, skipped "
                + Fmt.counts(allP.messages.skippedByReason()) + ", answers " + allP.statuses);
        body.end();

        body.heading(2, "Recovery");
        int burstEnd = before + burst;
        Histogram quietLatency = quietV.e2e;
        if (quietLatency.getTotalCount() == 0) {
            body.para("No viewer latency samples in the quiet phase: recovery not computed.");
        } else {
            double quietP99 = quietLatency.getValueAtPercentile(99);
            double threshold = Math.max(quietP99 * 1.25, quietP99 + 10_000);
            Integer recovered = null;
            for (int i = burstEnd; i < timeline.size(); i++) {
                boolean allBelow = true;
                for (int j = i; j < timeline.size(); j++) {
                    Histogram h = timeline.get(j).viewers().e2e;
                    if (h.getTotalCount() > 0 && h.getValueAtPercentile(99) > threshold) {
                        allBelow = false;
                        break;
                    }
                }
                if (allBelow) {
                    recovered = i - burstEnd;
                    break;
                }
            }
            double burstP99 = burstV.e2e.getTotalCount() == 0 ? 0 : burstV.e2e.getValueAtPercentile(99);
            body.para("Quiet-room level: viewers' p99 publish -> receive in the quiet phase " + Fmt.ms(quietP99) + " (p50 "
                    + Fmt.percentile(quietLatency, 50) + "); during the burst p99 " + Fmt.ms(burstP99) + ". Recovered = the first second after "
                    + "the burst from which every later second's p99 stays under max(1.25 x quiet p99, quiet p99 + 10 ms) = "
                    + Fmt.ms(threshold) + ": " + (recovered == null ? "**not within the " + after + " s after the burst**"
                    : "**" + recovered + " s after the burst ended**") + " (1-second resolution).");
        }
        Integer pollersBack = null;
        for (int i = burstEnd; i < timeline.size() && pollers > 0; i++) {
            boolean clean = true;
            for (int j = i; j < timeline.size(); j++) {
                if (timeline.get(j).polls().messages.skippedTotal() > 0) {
                    clean = false;
                    break;
                }
            }
            if (clean) {
                pollersBack = i - burstEnd;
                break;
            }
        }
        if (pollers > 0) {
            body.para("Pollers: their answers stopped telling of skipped messages (they had caught up with the room) "
                    + (pollersBack == null ? "**not within the " + after + " s after the burst**" : "**" + pollersBack
                    + " s after the burst ended**") + "; their publish -> receive p50 was " + Fmt.percentile(quietP.messages.e2e, 50)
                    + " when quiet, " + Fmt.percentile(burstP.messages.e2e, 50) + " during the burst and "
                    + Fmt.percentile(afterP.messages.e2e, 50) + " after it (a poller sees a message on its next poll, pollAfterMs later).");
        }
        List<List<String>> res = new ArrayList<>();
        res.add(row("figure", "value"));
        res.addAll(resourceRows(totals, gc, null));
        body.table(res);
        noteCpuSaturation("Burst run", totals);
        if (quietRate > 0 && 1 / quietRate < 1.5) {
            notes.add("Quiet phase: a room counts as quiet when block.quiet.ms (1,000 ms) has passed since its last block, and a "
                    + "windowed block leaves one block window (50 ms to 1 s, following the node's load) after its first message. At " + num(quietRate) + " message/s "
                    + "(one every " + Math.round(1000 / quietRate) + " ms) a message arrives less than 1,000 ms after the previous "
                    + "block, so once one message has waited for the window every later one does too: the quiet latency above is the "
                    + "window, not the immediate flush. Messages at least window + quiet apart go out at once; "
                    + "--quiet-rate=0.5 measures that path.");
        }
    }

    private List<String> phaseRow(String name, int seconds, int v, Windows.Publish p, Windows.Delivery d, Windows.Poll polls) {
        return List.of(name, Fmt.count(p.sent), Fmt.count(p.accepted), Fmt.counts(p.discardedBy),
                Fmt.count(d.entries) + (v == 0 ? "" : " (" + String.format(Locale.ROOT, "%.1f", (double) d.entries / v / seconds) + ")"),
                Fmt.counts(d.skippedByReason()),
                Fmt.percentile(d.e2e, 50) + " / " + Fmt.percentile(d.e2e, 99) + " / " + (d.e2e.getTotalCount() == 0 ? "-" : Fmt.ms(d.e2e.getMaxValue())),
                Fmt.count(polls.messages.entries), Fmt.counts(polls.messages.skippedByReason()),
                Fmt.percentile(polls.messages.e2e, 50) + " / " + Fmt.percentile(polls.messages.e2e, 99));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
