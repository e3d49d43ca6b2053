package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@link PollingScenario} run: setup, the results table, each phase's figures, and the
 * comparison of roomcast's flat-out guest poll rate with the bare Undertow rates. Writes into the
 * scenario's report body and notes; reads the scenario's settings. Not thread-safe.
 */
final class PollingReport {
    private final PollingScenario sc;

    PollingReport(PollingScenario scenario) {
        this.sc = scenario;
    }

    /** Adds the run's report to the scenario's body and notes. */
    void write(List<PollingScenario.Phase> results, PollingScenario.Phase flat, BarePhases.Shape shape) {
        sc.body.heading(2, "Setup");
        List<List<String>> setup = new ArrayList<>();
        setup.add(Scenario.row("setting", "value"));
        setup.add(Scenario.row("Client", "lean Netty HTTP/1.1 keep-alive pollers (epoll when available, " + sc.clientThreads
                + " event loops), one connection per poller, GET /api/v1/rooms/{room}/messages?cursor=..&viewer=.. with "
                + "Accept: application/x-protobuf, answers walked without building objects; every " + sc.latencyEvery
                + "th poller also decodes the messages' publish times"));
        setup.add(Scenario.row("Publisher", sc.rate > 0 ? Fmt.rate(sc.rate) + " messages/s (chat, " + sc.payloadBytes + "-byte payloads) during the "
                + "roomcast phases, into the hot room or spread over the rooms" + (sc.barePublish ? "; with --rounds also into "
                + "roomcast's hot room while the bare phases run (roomcast stays up beside the bare server)" : "") : "none"));
        setup.add(Scenario.row("Limit per poll", sc.limit == 0 ? "server default (15)" : Integer.toString(sc.limit)));
        setup.add(Scenario.row("Server", "roomcast settings as spawned (poll.cache.ms default 100); bare server: Undertow, "
                + Math.max(2, Runtime.getRuntime().availableProcessors()) + " IO threads, "
                + Math.max(2, Runtime.getRuntime().availableProcessors()) * 8 + " workers, -Xmx" + sc.serverHeap));
        setup.add(Scenario.row("Phases", "each: connect, " + sc.warmup + " s warm-up, " + sc.duration + " s measured"));
        sc.body.table(setup);

        sc.body.heading(2, "Results per phase");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("phase", "what", "polls/s", "latency p50 / p99 / p99.9", "answers", "messages/s carried",
                "server CPU", "client CPU"));
        for (PollingScenario.Phase p : results) {
            rows.add(List.of(p.name(), p.what(), "**" + Fmt.rate(p.pollsPerSecond()) + "**",
                    Fmt.percentile(p.polls().latency, 50) + " / " + Fmt.percentile(p.polls().latency, 99) + " / "
                            + Fmt.percentile(p.polls().latency, 99.9),
                    p.polls().statuses + (p.polls().failures.isEmpty() ? "" : " failures " + p.polls().failures),
                    Fmt.rate(p.polls().messages.entries / Math.max(1e-9, p.cpu().seconds)),
                    Fmt.cores(p.cpu().serverCores()), Fmt.cores(p.cpu().clientCores())));
        }
        sc.body.table(rows);

        for (PollingScenario.Phase p : results) {
            sc.body.heading(3, p.name());
            List<List<String>> detail = new ArrayList<>();
            detail.add(Scenario.row("figure", "value"));
            double seconds = Math.max(1e-9, p.cpu().seconds);
            detail.add(Scenario.row("Polls/s", Fmt.rate(p.pollsPerSecond()) + " (" + Fmt.count(p.polls().polls) + " in " + String.format(Locale.ROOT,
                    "%.1f", p.cpu().seconds) + " s), answers " + p.polls().statuses + ", mean body "
                    + (p.polls().polls == 0 ? "-" : Fmt.rate((double) p.polls().bodyBytes / p.polls().polls)) + " bytes"
                    + (p.polls().cursorChars == 0 ? "" : ", mean cursor asked with "
                    + String.format(Locale.ROOT, "%.1f", (double) p.polls().cursorChars / Math.max(1, p.polls().polls)) + " characters")));
            detail.add(Scenario.row("Poll latency (request written -> answer read)", Fmt.latencies(p.polls().latency)));
            detail.add(Scenario.row("Messages carried", Fmt.rate(p.polls().messages.entries / seconds) + "/s; skipped told by reason: "
                    + Fmt.counts(p.polls().messages.skippedByReason()) + "; more=true " + Fmt.count(p.polls().more)
                    + ", reset " + Fmt.count(p.polls().resets)));
            if (p.polls().messages.e2e.getTotalCount() > 0) {
                detail.add(Scenario.row("Publish -> received by a poller (sampled pollers)", Fmt.latencies(p.polls().messages.e2e)));
            }
            if (p.published().sent > 0) {
                detail.add(Scenario.row("Published meanwhile", Fmt.rate(p.published().accepted / seconds) + "/s accepted, discarded "
                        + Fmt.counts(p.published().discardedBy)));
            }
            if (!p.server().isEmpty()) {
                detail.add(Scenario.row("Server metrics (window)", "roomcast_polls_total " + Fmt.roundedCounts(p.server().byLabel("roomcast_polls_total", "viewer"))
                        + "; poll messages " + Fmt.count((long) p.server().sum("roomcast_poll_messages_total"))
                        + "; poll skipped " + Fmt.roundedCounts(p.server().byLabel("roomcast_poll_skipped_total", "reason"))));
            }
            detail.addAll(sc.resourceRows(p.cpu(), null, p.syscalls()));
            sc.body.table(detail);
        }

        writeSlices(results);

        sc.body.heading(2, "Comparison with a bare Undertow handler (target: >= 90%)");
        PollingScenario.Phase bare = find(results, "bare");
        PollingScenario.Phase bareWorker = find(results, "bare-worker");
        if (flat != null && bare != null) {
            double ratio = flat.pollsPerSecond() / Math.max(1e-9, bare.pollsPerSecond());
            sc.body.bullet("roomcast hot-room guest polls flat out: " + Fmt.rate(flat.pollsPerSecond()) + "/s; bare Undertow (fixed "
                    + (shape == null ? "-" : shape.bodyBytes() + "-byte body, " + shape.cursorChars() + "-character cursor")
                    + ", IO thread): " + Fmt.rate(bare.pollsPerSecond()) + "/s -> **"
                    + Fmt.pct(ratio) + "** of the bare rate -> " + (ratio >= 0.9 ? "met" : "MISSED"));
            if (bareWorker != null) {
                sc.body.bullet("bare Undertow dispatching to a worker first (as roomcast's OnWorker does): "
                        + Fmt.rate(bareWorker.pollsPerSecond()) + "/s -> roomcast is " + Fmt.pct(flat.pollsPerSecond()
                        / Math.max(1e-9, bareWorker.pollsPerSecond())) + " of that");
            }
            if (sc.ratios.size() > 1) {
                List<Double> sorted = new ArrayList<>(sc.ratios);
                sorted.sort(null);
                double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
                StringBuilder each = new StringBuilder();
                for (double x : sc.ratios) {
                    each.append(each.length() == 0 ? "" : ", ").append(Fmt.pct(x));
                }
                sc.body.bullet(sc.ratios.size() + " rounds of flat-hot then bare, alternating"
                        + (sc.warmRounds > 0 ? " (after " + sc.warmRounds + " unmeasured warm-up round" + (sc.warmRounds > 1 ? "s" : "")
                        + ")" : "") + ": " + each + " -> median **"
                        + Fmt.pct(median) + "** -> " + (median >= 0.9 ? "met" : "MISSED")
                        + " (both servers stay up through the rounds, so both are equally warm; "
                        + (sc.barePublish && sc.rate > 0 ? "roomcast takes the same publishes while the bare server is driven, so both "
                        + "phases carry the same background work" : "roomcast idle while the bare server is driven") + ")");
            }
            sc.body.bullet("CPU split flat out: roomcast phase server " + Fmt.cores(flat.cpu().serverCores()) + " + client "
                    + Fmt.cores(flat.cpu().clientCores()) + " cores; bare phase server " + Fmt.cores(bare.cpu().serverCores())
                    + " + client " + Fmt.cores(bare.cpu().clientCores()) + " cores (of " + sc.machine.cores() + ")");
            sc.body.end();
            sc.notes.add("Which side saturates flat out: both share " + sc.machine.cores() + " cores, so the flat-out rate is where server "
                    + "and client CPU together fill the machine. Client CPU per poll: roomcast phase "
                    + Fmt.us(flat.cpu().clientCpu * 1e6 / Math.max(1, flat.polls().polls)) + ", bare phase "
                    + Fmt.us(bare.cpu().clientCpu * 1e6 / Math.max(1, bare.polls().polls)) + "; server CPU per poll: roomcast "
                    + Fmt.us(flat.cpu().serverCpu * 1e6 / Math.max(1, flat.polls().polls)) + ", bare "
                    + Fmt.us(bare.cpu().serverCpu * 1e6 / Math.max(1, bare.polls().polls))
                    + (bareWorker == null ? "" : ", bare-worker " + Fmt.us(bareWorker.cpu().serverCpu * 1e6
                    / Math.max(1, bareWorker.polls().polls))) + ". The same client does the same work "
                    + "per answer in both phases, so the ratio compares the servers' cost per poll"
                    + (sc.barePublish && sc.rate > 0 && sc.ratios.size() > 1 ? " (the CPU roomcast spends on the publishes during a "
                    + "bare phase is in neither figure of that phase)" : "") + ".");
        } else {
            sc.body.para("Not measured in this run (needs the flat-hot and bare phases).");
        }
    }

    /**
     * The slices-nginx phase beside paced-hot: a guest poll is one head (once per pollAfterMs, as a
     * direct poll) with the slices it makes due; roomcast's CPU is divided by those guest polls.
     */
    private void writeSlices(List<PollingScenario.Phase> results) {
        PollingScenario.Phase slices = find(results, "slices-nginx");
        if (slices == null || slices.via() == null) {
            return;
        }
        ViaNginx via = slices.via();
        double seconds = Math.max(1e-9, slices.cpu().seconds);
        sc.body.heading(2, "Guests through nginx (slices) against direct polling");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("phase", "guest polls/s served", "requests/s served", "requests/s reaching roomcast",
                "roomcast CPU", "roomcast CPU per guest poll", "nginx CPU", "messages/s carried"));
        PollingScenario.Phase direct = find(results, "paced-hot");
        if (direct != null) {
            double ds = Math.max(1e-9, direct.cpu().seconds);
            rows.add(List.of("paced-hot (direct)", Fmt.rate(direct.polls().polls / ds), Fmt.rate(direct.polls().polls / ds),
                    Fmt.rate(direct.polls().polls / ds), Fmt.cores(direct.cpu().serverCores()),
                    "**" + Fmt.us(direct.cpu().serverCpu * 1e6 / Math.max(1, direct.polls().polls)) + "**", "-",
                    Fmt.rate(direct.polls().messages.entries / ds)));
        }
        rows.add(List.of("slices-nginx", Fmt.rate(via.headsServed() / seconds), Fmt.rate(via.served() / seconds),
                String.format(Locale.ROOT, "%.1f (%d heads, %d slices in %.0f s)", via.upstream() / seconds,
                        via.headsUpstream(), via.slicesUpstream(), seconds), Fmt.cores(slices.cpu().serverCores()),
                "**" + Fmt.us(slices.cpu().serverCpu * 1e6 / Math.max(1, via.headsServed())) + "**",
                Fmt.cores(via.nginxCpuSeconds() / seconds), Fmt.rate(slices.polls().messages.entries / seconds)));
        sc.body.table(rows);
        sc.notes.add("slices-nginx: nginx (one worker, proxy_cache by roomcast's headers, cache lock, background updates) "
                + "runs on the same cores as roomcast and the client; its CPU is in neither the server's nor the client's "
                + "column. Its access log counts what it served and what reached roomcast (a background refresh is a line "
                + "of its own). A guest poll there is one head; the slices it names follow it.");
    }

    private static PollingScenario.Phase find(List<PollingScenario.Phase> phases, String name) {
        for (PollingScenario.Phase p : phases) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
