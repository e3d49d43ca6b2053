package io.roomcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One phase of a polling run on the scenario's one-second clock, whatever server is polled: the
 * ramp (open every poller at {@code --connect-rate}), {@code --warmup} seconds not counted, then
 * {@code --duration} seconds measured: the polls and what the answers carried, the publishes
 * meanwhile, both sides' CPU, the server's counters, syscalls in a flat-out phase, and nginx's
 * window in the slices phase. Reads the {@link PollingScenario}'s settings and drives its clock;
 * not thread-safe: the scenario's thread.
 */
final class PollingPhase {
    private final PollingScenario sc;

    PollingPhase(PollingScenario scenario) {
        this.sc = scenario;
    }

    PollingScenario.Phase drive(String name, String what, NettyTransport transport, InetSocketAddress http, List<Pollers.Spec> specs,
                                Pollers.Mode mode, Windows.Publish.Sampler pubSampler) {
        Pollers.Stats stats = new Pollers.Stats();
        Pollers fleet = sc.closeLater(new Pollers(transport, http, stats, mode, sc.limit, 2_000));
        PollWindow.Sampler sampler = new PollWindow.Sampler(stats);
        fleet.open(specs, sc.connectRate);
        sc.tickUntil(name + ":ramp", () -> stats.connected.get() >= specs.size(), Duration.ofSeconds(
                Math.max(60, (long) (3 * specs.size() / sc.connectRate))), r -> "connected " + Fmt.count(stats.connected.get()) + "/"
                + Fmt.count(specs.size()) + " | polls/s " + Fmt.si(sampler.next().polls / Math.max(1e-9, r.seconds())) + " | " + sc.cpu(r));
        for (int s = 0; s < sc.warmup; s++) {
            Meter.Reading r = sc.tick();
            sc.progress(name + ":warm", line(sampler.next(), r));
        }
        pubSampler.next();
        PrometheusText before = sc.server != null ? sc.server.metrics() : PrometheusText.empty();
        if (sc.via != null) {
            sc.via.begin();
        }
        PollWindow window = new PollWindow();
        Windows.Publish published = new Windows.Publish();
        Meter.Totals totals = new Meter.Totals();
        int perfAt = Math.max(0, (sc.duration - sc.perfSeconds) / 2);
        PerfStat[] perf = null;
        for (int s = 0; s < sc.duration; s++) {
            if (s == perfAt && mode == Pollers.Mode.FLAT) {
                perf = sc.startPerf();
            }
            Meter.Reading r = sc.tick();
            PollWindow p = sampler.next();
            window.add(p);
            published.add(pubSampler.next());
            totals.add(r);
            sc.progress(name, line(p, r));
        }
        PrometheusText serverWindow = sc.server != null ? sc.server.metrics().minus(before) : PrometheusText.empty();
        ViaNginx nginxWindow = sc.via != null ? sc.via.end() : null;
        Scenario.Syscalls syscalls = Scenario.awaitPerf(perf);
        sc.closeNow(fleet);
        sc.noteCpuSaturation("Phase " + name, totals);
        return new PollingScenario.Phase(name, what, window, totals, serverWindow, syscalls, published, nginxWindow);
    }

    private String line(PollWindow p, Meter.Reading r) {
        double s = Math.max(1e-9, r.seconds());
        return "pollers " + Fmt.count(p.connected) + " | polls/s " + Fmt.si(p.polls / s) + " | latency p50 " + Fmt.percentile(p.latency, 50)
                + " p99 " + Fmt.percentile(p.latency, 99) + " | messages/s " + Fmt.si(p.messages.entries / s)
                + " | statuses " + p.statuses + " | " + sc.cpu(r);
    }
}
