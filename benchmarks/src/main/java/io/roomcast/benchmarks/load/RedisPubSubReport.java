package io.roomcast.benchmarks.load;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@link RedisPubSubScenario} run, laid out as the hot room's ({@link PushReport})
 * where the figures are the same: setup, the sweep table (without roomcast's own columns) and
 * chart, each step's measure window and account, the ramp, and the notes. Not thread-safe.
 */
final class RedisPubSubReport {
    private final RedisPubSubScenario sc;

    RedisPubSubReport(RedisPubSubScenario scenario) {
        this.sc = scenario;
    }

    /** Adds the run's report to the scenario's body and notes. */
    void write(int subscribers, int sampled, PushPhases.Ramp ramp, List<PushPhases.Step> steps, String client) {
        PushLoad load = sc.load;
        int connected = ramp.connected();
        sc.body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(Scenario.row("setting", "value"));
        setup.add(Scenario.row("Server", sc.version() + ", spawned by the generator, pid " + sc.redis.pid() + ": `redis-server --port "
                + sc.redis.port() + " --save '' --appendonly no " + String.join(" ", sc.redisArguments) + "` (other settings: Redis's "
                + "defaults" + (sc.redisArguments.contains("--client-output-buffer-limit") ? "" : ", e.g. client-output-buffer-limit "
                + "pubsub 32mb 8mb 60") + ")"));
        setup.add(Scenario.row("Subscribers", Fmt.count(subscribers) + " connections (plain TCP), each SUBSCRIBE " + RedisPubSubScenario.CHANNEL
                + "; " + Fmt.count(connected) + " subscribed when publishing began"));
        setup.add(Scenario.row("Subscriber client", client + "; latencies read on every " + load.latencyEvery()
                + (load.latencyEvery() == 1 ? "st" : "th") + " connection (" + Fmt.count(sampled) + " connections), every push counted on all"));
        setup.add(Scenario.row("Publishing", (load.isSweep() ? "steps of " + load.rateList() : Fmt.rate(load.rates().get(0)))
                + " messages/s on one connection: every " + load.tickMillis() + " ms what the rate owes as pipelined PUBLISH commands "
                + "(at most " + load.maxBatch() + " a batch, " + load.maxInFlight() + " batches unanswered), " + load.payloadBytes()
                + "-byte payloads carrying the publish time, as the hot room's"));
        setup.add(Scenario.row("Phases", "ramp " + String.format(Locale.ROOT, "%.1f", ramp.seconds()) + " s; then per publish rate: warm-up "
                + load.warmup() + " s (not counted), measure " + load.duration() + " s, then a drain (publishing stopped) until every "
                + "subscriber has received every published message, or nothing arrived for 5 s, or " + load.drain() + " s passed"));
        sc.body.table(setup);

        if (steps.size() > 1) {
            sc.body.heading(2, "Sweep (measure windows)");
            sc.body.table(SweepTable.rows(steps, connected, false, false));
            sc.body.para("Offered: PUBLISH commands sent per second; asked: PUBLISH replies x subscribers; % of peak: deliveries/s "
                    + "against the sweep's highest; server RSS and CPU: redis-server's, from /proc.");
            PushReport.drawChart(sc, sc.chart, sc.name() + " sweep, " + Fmt.count(connected) + " subscribers, "
                    + sc.startedAt().atZone(ZoneOffset.UTC).toLocalDate(), steps, connected);
        }

        for (PushPhases.Step st : steps) {
            sc.body.heading(2, (steps.size() == 1 ? "Results" : "Step: " + Fmt.rate(st.ratePerRoom()) + " messages/s") + " (measure window)");
            sc.body.table(stepRows(st, connected));
            long accepted = st.wholePublished().accepted;
            long expected = accepted * connected;
            long got = st.whole().entries;
            sc.body.para("Account of the step (warm-up, measure and drain): published (answered) " + Fmt.count(accepted) + " x "
                    + Fmt.count(connected) + " subscribers = " + Fmt.count(expected) + "; delivered " + Fmt.count(got) + " ("
                    + Fmt.pct(expected == 0 ? 0 : (double) got / expected) + ")" + (st.drained() ? "" : "; NOT complete after "
                    + String.format(Locale.ROOT, "%.0f", st.drainSeconds()) + " s of drain: what is missing was lost (pub/sub "
                    + "keeps nothing for a closed or lagging subscriber)") + ".");
        }

        sc.body.heading(2, "Ramp");
        sc.body.para(String.format(Locale.ROOT, "%,d subscriptions confirmed in %.1f s (%.0f/s; asked %.0f/s); CPU during the ramp: "
                        + "redis-server %s cores, client %s cores.", connected, ramp.seconds(), connected / Math.max(1e-9, ramp.seconds()),
                load.connectRate(), Fmt.cores(ramp.cpu().serverCores()), Fmt.cores(ramp.cpu().clientCores())));

        for (PushPhases.Step st : steps) {
            String at = steps.size() == 1 ? "Measure window" : "Step " + Fmt.rate(st.ratePerRoom()) + " messages/s";
            sc.noteCpuSaturation(at, st.cpu());
            if (st.whole().disconnects > 0) {
                sc.notes.add(at + ": " + Fmt.count(st.whole().disconnects) + " subscriber connections were closed (by Redis when a "
                        + "subscriber's output buffer passes client-output-buffer-limit pubsub); they resubscribed, and what was "
                        + "published meanwhile is lost to them.");
            }
            if (st.published().notSent > 0 || st.published().failed() > 0) {
                sc.notes.add(at + ": the publisher did not get all its messages in: " + Fmt.count(st.published().notSent) + " not sent "
                        + "(" + load.maxInFlight() + " batches unanswered), failed " + Fmt.counts(st.published().failures) + ".");
            }
        }
    }

    private List<List<String>> stepRows(PushPhases.Step st, int connected) {
        Windows.Delivery d = st.window();
        double seconds = Math.max(1e-9, st.cpu().seconds);
        List<List<String>> rows = new ArrayList<>();
        rows.add(Scenario.row("figure", "value"));
        rows.addAll(PushReport.deliveryRows(st, connected));
        rows.add(Scenario.row("Bytes received", d.bytes == 0 ? "not counted" : Fmt.mib((long) (d.bytes / seconds)) + "/s of RESP pushes"));
        rows.add(Scenario.row("PUBLISH batch latency (sent -> last reply)", Fmt.latencies(st.published().latency)));
        rows.add(Scenario.row("Connection errors and closes", "errors " + Fmt.counts(d.errors) + ", disconnects " + Fmt.count(d.disconnects)));
        rows.addAll(sc.resourceRows(st.cpu(), null, st.syscalls()));
        return rows;
    }
}
