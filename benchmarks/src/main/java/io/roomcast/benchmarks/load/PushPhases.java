package io.roomcast.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of a push run on the scenario's one-second clock, whatever server is driven: the
 * ramp (open every connection at the connect rate), then per publish rate a step: warm-up
 * (publishing, not counted), measure (the figures), drain (publishing stopped, until every
 * connection has accounted for every accepted message, nothing came for 5 s, or the drain limit).
 * What differs between servers is a {@link Target}. Not thread-safe: the scenario's thread.
 */
final class PushPhases {
    /** The server side of a step: how to publish to it, and what it tells about itself. */
    interface Target {
        /** Starts publishing {@code messagesPerSecond} in total, counted into {@code stats}; closing the result stops it. */
        AutoCloseable publish(double messagesPerSecond, Publisher.Stats stats);

        /** The server's own counters now; empty for a server without them. */
        default PrometheusText metrics() {
            return PrometheusText.empty();
        }

        /** The server's GC pauses so far; null for a server without a garbage collector. */
        default JvmTools.Pauses gcPauses() {
            return null;
        }

        /** A measure window starts (after the warm-up): a target measuring itself over the window takes its first reading. */
        default void windowStarted() {
        }

        /** The measure window of the step at {@code ratePerRoom} ended, {@code published} in it. */
        default void windowEnded(double ratePerRoom, Windows.Publish published) {
        }

        /** The server's heap histogram at the end of a measure window, or null. */
        default String histogram() {
            return null;
        }
    }

    /** The ramp: how long it took, both sides' CPU meanwhile, and the connections with an open session at its end. */
    record Ramp(double seconds, Meter.Totals cpu, int connected) {
    }

    /**
     * One publish rate held for warm-up and measure, then the drain: the figures of the measure window and the step's
     * account. {@code server} is the growth of the server's counters over the window, {@code serverEnd} its scrape at the
     * window's end (gauges such as direct memory); {@code gc} is null for a server without a garbage collector;
     * {@code threads} the server's CPU by thread kind over the window, null when not one measured process.
     */
    record Step(double ratePerRoom, Meter.Totals cpu, Windows.Delivery window, Windows.Publish published,
                List<Double> perSecond, JvmTools.Pauses gc, PrometheusText server, PrometheusText serverEnd,
                Scenario.Syscalls syscalls, Windows.Delivery whole, Windows.Publish wholePublished, double drainSeconds,
                boolean drained, String histogram, ThreadCpu.Usage threads) {
    }

    private final Scenario sc;
    private final PushLoad load;
    private final int rooms;

    PushPhases(Scenario scenario, PushLoad load, int rooms) {
        this.sc = scenario;
        this.load = load;
        this.rooms = rooms;
    }

    /** Opens {@code specs} on {@code fleet} and ticks until all have a session or the ramp times out (noted). */
    Ramp ramp(Viewers fleet, List<Viewers.Spec> specs, DeliveryStats stats, Windows.Delivery.Sampler deliveries) {
        long rampStart = System.nanoTime();
        fleet.open(specs, load.connectRate());
        Meter.Totals rampTotals = new Meter.Totals();
        int target = specs.size();
        boolean allIn = sc.tickUntil("ramp", () -> stats.live.get() >= target, sc.rampTimeout(target, load.connectRate()), r -> {
            rampTotals.add(r);
            Windows.Delivery d = deliveries.next();
            return "viewers " + Fmt.count(stats.live.get()) + "/" + Fmt.count(target) + " (+" + d.sessions + " sessions/s, "
                    + stats.connectFailures.sum() + " connect failures, errors " + Fmt.counts(stats.errorCounts()) + ") | " + sc.cpu(r);
        });
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        int connected = stats.live.get();
        if (!allIn) {
            sc.notes.add("Only " + Fmt.count(connected) + " of " + Fmt.count(target) + " viewers had an open session when the ramp "
                    + "timed out; the run went on with them.");
        }
        // Let the last sessions' Welcome and any replay settle.
        sc.tick();
        deliveries.next();
        return new Ramp(rampSeconds, rampTotals, connected);
    }

    /** Every rate of the load in turn. */
    List<Step> steps(Target target, Windows.Delivery.Sampler deliveries) {
        List<Step> steps = new ArrayList<>();
        for (double rate : load.rates()) {
            steps.add(step(rate, target, deliveries));
        }
        return steps;
    }

    private Step step(double rate, Target target, Windows.Delivery.Sampler deliveries) {
        String tag = load.isSweep() ? "@" + Fmt.rate(rate) + " " : "";
        double totalRate = rate * rooms;
        Windows.Delivery whole = new Windows.Delivery();
        Windows.Publish wholePublished = new Windows.Publish();
        Publisher.Stats pubStats = new Publisher.Stats();
        Windows.Publish.Sampler publishes = new Windows.Publish.Sampler(pubStats);
        AutoCloseable publisher = sc.closeLater(target.publish(totalRate, pubStats));
        for (int s = 0; s < load.warmup(); s++) {
            Meter.Reading r = sc.tick();
            Windows.Delivery d = deliveries.next();
            Windows.Publish p = publishes.next();
            whole.add(d);
            wholePublished.add(p);
            sc.progress(tag + "warmup", line(d, p, r));
        }

        PrometheusText before = target.metrics();
        target.windowStarted();
        JvmTools.Pauses gcBefore = target.gcPauses();
        ThreadCpu threadsBefore = sc.serverThreads();
        Meter.Totals totals = new Meter.Totals();
        Windows.Delivery window = new Windows.Delivery();
        Windows.Publish published = new Windows.Publish();
        List<Double> perSecond = new ArrayList<>();
        int perfAt = Math.max(0, (load.duration() - sc.perfSeconds) / 2);
        PerfStat[] perf = null;
        for (int s = 0; s < load.duration(); s++) {
            if (s == perfAt) {
                perf = sc.startPerf();
            }
            Meter.Reading r = sc.tick();
            Windows.Delivery d = deliveries.next();
            Windows.Publish p = publishes.next();
            totals.add(r);
            window.add(d);
            published.add(p);
            whole.add(d);
            wholePublished.add(p);
            perSecond.add(d.entries / Math.max(1e-9, r.seconds()));
            sc.progress(tag + "measure", line(d, p, r));
        }
        ThreadCpu threadsAfter = sc.serverThreads();
        target.windowEnded(rate, published);
        JvmTools.Pauses gc = gcBefore == null ? null : target.gcPauses().minus(gcBefore);
        PrometheusText after = target.metrics();
        PrometheusText serverWindow = after.minus(before);
        Scenario.Syscalls syscalls = Scenario.awaitPerf(perf);

        String histogram = target.histogram();
        sc.closeNow(publisher);
        wholePublished.add(publishes.next());
        // Drained: every viewer has accounted for every accepted message (delivered + skipped), or nothing has come for
        // 5 s (a stalled server: the account shows the gap), or the time is up.
        long expected = Math.round(wholePublished.accepted * (double) deliveries.live() / rooms);
        int quiet = 0;
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + Duration.ofSeconds(load.drain()).toNanos();
        boolean complete = whole.entries + whole.skippedTotal() >= expected;
        while (!complete && quiet < 5 && System.nanoTime() < drainDeadline) {
            Meter.Reading r = sc.tick();
            Windows.Delivery d = deliveries.next();
            whole.add(d);
            quiet = d.entries == 0 && d.skippedTotal() == 0 ? quiet + 1 : 0;
            complete = whole.entries + whole.skippedTotal() >= expected;
            sc.progress(tag + "drain", "deliveries " + Fmt.si(d.entries) + " skipped " + Fmt.si(d.skippedTotal()) + " | accounted "
                    + Fmt.pct(expected == 0 ? 1 : (double) (whole.entries + whole.skippedTotal()) / expected) + " | " + sc.cpu(r));
        }
        return new Step(rate, totals, window, published, perSecond, gc, serverWindow, after, syscalls, whole, wholePublished,
                (System.nanoTime() - drainStart) / 1e9, complete, histogram,
                threadsBefore == null ? null : threadsAfter.since(threadsBefore));
    }

    private String line(Windows.Delivery d, Windows.Publish p, Meter.Reading r) {
        double s = Math.max(1e-9, r.seconds());
        return "live " + Fmt.count(d.live) + " | deliveries/s " + Fmt.si(d.entries / s)
                + " | published/s " + Fmt.si(p.sent / s) + " (accepted " + Fmt.si(p.accepted / s) + ")"
                + " | e2e p50 " + Fmt.percentile(d.e2e, 50) + " p99 " + Fmt.percentile(d.e2e, 99)
                + " | skipped " + Fmt.si(d.skippedTotal()) + " | " + sc.cpu(r);
    }
}
