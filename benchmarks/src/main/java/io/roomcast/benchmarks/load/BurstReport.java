package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The report of a {@link BurstScenario} run: setup, the totals by phase, the per-second timeline,
 * what was dropped by which rule, and how soon the viewers and pollers recovered after the burst.
 * Writes into the scenario's report body and notes; reads the scenario's settings. Not thread-safe.
 */
final class BurstReport {
    private final BurstScenario sc;

    BurstReport(BurstScenario scenario) {
        this.sc = scenario;
    }

    /** Adds the run's report to the scenario's body and notes. */
    void write(int v, List<BurstScenario.Second> timeline, Windows.Delivery tailViewers, PollWindow tailPolls, Meter.Totals totals,
               PrometheusText server, JvmTools.Pauses gc, Publisher.Stats pubStats) {
        Windows.Publish quietPub = new Windows.Publish();
        Windows.Publish burstPub = new Windows.Publish();
        Windows.Publish afterPub = new Windows.Publish();
        Windows.Delivery quietV = new Windows.Delivery();
        Windows.Delivery burstV = new Windows.Delivery();
        Windows.Delivery afterV = new Windows.Delivery();
        PollWindow quietP = new PollWindow();
        PollWindow burstP = new PollWindow();
        PollWindow afterP = new PollWindow();
        for (BurstScenario.Second s : timeline) {
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

        sc.body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(Scenario.row("setting", "value"));
        setup.add(Scenario.row("Viewers", Fmt.count(v) + " long connections (" + (sc.tls ? "TLS" : "plain TCP") + ", lean client, every one decoding latencies)"));
        setup.add(Scenario.row("Pollers", Fmt.count(sc.pollers) + " guests polling by pollAfterMs (server's default limit), every one decoding latencies"));
        setup.add(Scenario.row("Publishing", "mix " + sc.mix + " (" + Publisher.KINDS.keySet() + ": chat LOW, notify LOWEST, gift 100 coins, biggift 5,000 coins"
                + " HIGH), " + sc.payloadBytes + "-byte payloads, batches every " + sc.tickMillis + " ms"));
        setup.add(Scenario.row("Server settings", "defaults for room.budget (1000/s), render.budget (20/s per viewer), block window (50 ms to 1 s, following the load), "
                + "block.quiet.ms (1000), poll.cache.ms (100)" + (sc.overrides.isEmpty() ? "" : "; overridden: " + sc.overrides)));
        sc.body.table(setup);

        sc.body.heading(2, "Totals by phase");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("phase", "offered", "accepted", "discarded at publish (by reason)", "viewer deliveries (per viewer/s)",
                "viewer skipped (by reason)", "viewer e2e p50 / p99 / max", "poll messages", "poll skipped", "poller e2e p50 / p99"));
        rows.add(phaseRow("quiet (" + sc.before + " s)", sc.before, v, quietPub, quietV, quietP));
        rows.add(phaseRow("burst (" + sc.burst + " s)", sc.burst, v, burstPub, burstV, burstP));
        rows.add(phaseRow("after (" + sc.after + " s)", sc.after, v, afterPub, afterV, afterP));
        sc.body.table(rows);

        sc.body.heading(2, "Timeline (one row per second)");
        List<List<String>> tl = new ArrayList<>();
        tl.add(List.of("s", "phase", "offered", "accepted", "discarded", "viewer msgs/viewer", "viewer skipped", "viewer e2e p50 / p99",
                "polls", "poll msgs", "poll skipped", "server CPU", "client CPU"));
        for (BurstScenario.Second s : timeline) {
            double sec = Math.max(1e-9, s.cpu().seconds());
            tl.add(List.of(Integer.toString(s.t()), s.phase(), Fmt.count(s.published().sent), Fmt.count(s.published().accepted),
                    Fmt.counts(s.published().discardedBy), v == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) s.viewers().entries / v),
                    Fmt.counts(s.viewers().skippedByReason()),
                    Fmt.percentile(s.viewers().e2e, 50) + " / " + Fmt.percentile(s.viewers().e2e, 99),
                    Fmt.count(s.polls().polls), Fmt.count(s.polls().messages.entries), Fmt.counts(s.polls().messages.skippedByReason()),
                    Fmt.cores(s.cpu().serverCpu() / sec), Fmt.cores(s.cpu().clientCpu() / sec)));
        }
        sc.body.table(tl);

        sc.body.heading(2, "Dropped, by rule (whole run)");
        sc.body.bullet("At publish (room budget, answers to the publisher): accepted " + Fmt.count(pubStats.accepted.sum()) + " of "
                + Fmt.count(pubStats.sent.sum()) + " offered; discarded " + Fmt.counts(Publisher.Stats.snapshot(pubStats.discardedBy))
                + "; accepted by priority " + Fmt.counts(Publisher.Stats.snapshot(pubStats.acceptedByPriority))
                + "; failed " + Fmt.counts(Publisher.Stats.snapshot(pubStats.failures)));
        if (!server.isEmpty()) {
            sc.body.bullet("Server /metrics over the run: published " + Fmt.roundedCounts(server.byLabel("roomcast_published_total", "status"))
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
        sc.body.bullet("Viewers (told in each block): delivered " + Fmt.count(allV.entries) + ", skipped " + Fmt.counts(allV.skippedByReason())
                + "; delivered + skipped = " + Fmt.count(told) + " against accepted x viewers = " + Fmt.count(accepted * v) + " ("
                + Fmt.pct(accepted * v == 0 ? 0 : (double) told / (accepted * v)) + ")");
        PollWindow allP = new PollWindow();
        allP.add(quietP);
        allP.add(burstP);
        allP.add(afterP);
        allP.add(tailPolls);
        sc.body.bullet("Pollers: " + Fmt.count(allP.polls) + " polls, " + Fmt.count(allP.messages.entries) + " messages delivered, skipped "
                + Fmt.counts(allP.messages.skippedByReason()) + ", answers " + allP.statuses);
        sc.body.end();

        sc.body.heading(2, "Recovery");
        int burstEnd = sc.before + sc.burst;
        Histogram quietLatency = quietV.e2e;
        if (quietLatency.getTotalCount() == 0) {
            sc.body.para("No viewer latency samples in the quiet phase: recovery not computed.");
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
            sc.body.para("Quiet-room level: viewers' p99 publish -> receive in the quiet phase " + Fmt.ms(quietP99) + " (p50 "
                    + Fmt.percentile(quietLatency, 50) + "); during the burst p99 " + Fmt.ms(burstP99) + ". Recovered = the first second after "
                    + "the burst from which every later second's p99 stays under max(1.25 x quiet p99, quiet p99 + 10 ms) = "
                    + Fmt.ms(threshold) + ": " + (recovered == null ? "**not within the " + sc.after + " s after the burst**"
                    : "**" + recovered + " s after the burst ended**") + " (1-second resolution).");
        }
        Integer pollersBack = null;
        for (int i = burstEnd; i < timeline.size() && sc.pollers > 0; i++) {
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
        if (sc.pollers > 0) {
            sc.body.para("Pollers: their answers stopped telling of skipped messages (they had caught up with the room) "
                    + (pollersBack == null ? "**not within the " + sc.after + " s after the burst**" : "**" + pollersBack
                    + " s after the burst ended**") + "; their publish -> receive p50 was " + Fmt.percentile(quietP.messages.e2e, 50)
                    + " when quiet, " + Fmt.percentile(burstP.messages.e2e, 50) + " during the burst and "
                    + Fmt.percentile(afterP.messages.e2e, 50) + " after it (a poller sees a message on its next poll, pollAfterMs later).");
        }
        List<List<String>> res = new ArrayList<>();
        res.add(Scenario.row("figure", "value"));
        res.addAll(sc.resourceRows(totals, gc, null));
        sc.body.table(res);
        sc.noteCpuSaturation("Burst run", totals);
        if (sc.quietRate > 0 && 1 / sc.quietRate < 1.5) {
            sc.notes.add("Quiet phase: a room counts as quiet when block.quiet.ms (1,000 ms) has passed since its last block, and a "
                    + "windowed block leaves one block window (50 ms to 1 s, following the node's load) after its first message. At " + BurstScenario.num(sc.quietRate) + " message/s "
                    + "(one every " + Math.round(1000 / sc.quietRate) + " ms) a message arrives less than 1,000 ms after the previous "
                    + "block, so once one message has waited for the window every later one does too: the quiet latency above is the "
                    + "window, not the immediate flush. Messages at least window + quiet apart go out at once; "
                    + "--quiet-rate=0.5 measures that path.");
        }
    }

    private List<String> phaseRow(String name, int seconds, int v, Windows.Publish p, Windows.Delivery d, PollWindow polls) {
        return List.of(name, Fmt.count(p.sent), Fmt.count(p.accepted), Fmt.counts(p.discardedBy),
                Fmt.count(d.entries) + (v == 0 ? "" : " (" + String.format(Locale.ROOT, "%.1f", (double) d.entries / v / seconds) + ")"),
                Fmt.counts(d.skippedByReason()),
                Fmt.percentile(d.e2e, 50) + " / " + Fmt.percentile(d.e2e, 99) + " / " + (d.e2e.getTotalCount() == 0 ? "-" : Fmt.ms(d.e2e.getMaxValue())),
                Fmt.count(polls.messages.entries), Fmt.counts(polls.messages.skippedByReason()),
                Fmt.percentile(polls.messages.e2e, 50) + " / " + Fmt.percentile(polls.messages.e2e, 99));
    }
}
