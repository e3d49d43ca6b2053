package io.roomcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A room that goes from quiet to a burst and back: {@code --quiet-rate} messages/s for
 * {@code --before} seconds, {@code --burst-rate} for {@code --burst} seconds, then quiet again for
 * {@code --after} seconds, with the default room budget and render budget (the overload rules at
 * work), {@code --viewers} long connections and {@code --pollers} guests polling by
 * {@code pollAfterMs}. Reports a per-second timeline (offered, accepted, discarded by reason,
 * delivered and skipped by reason at the viewers and pollers, latency), the totals by rule, and how
 * many seconds after the burst the viewers' latency was back at the quiet level. The report is
 * written by {@link BurstReport}.
 */
final class BurstScenario extends Scenario {
    private final int viewers;
    final int pollers;
    final double quietRate;
    private final double burstRate;
    final int before;
    final int burst;
    final int after;
    final boolean tls;
    final String mix;
    final int payloadBytes;
    private final double connectRate;
    final long tickMillis;
    private final int latencyEvery;
    final Map<String, String> overrides;

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
    record Second(int t, String phase, Windows.Publish published, Windows.Delivery viewers, PollWindow polls,
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
        PollWindow.Sampler pollSampler = new PollWindow.Sampler(pollStats);
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
        PollWindow tailPolls = new PollWindow();
        for (int i = 0; i < 3; i++) {
            Meter.Reading r = tick();
            tailViewers.add(viewerSampler.next());
            tailPolls.add(pollSampler.next());
            pubSampler.next();
            progress("drain", cpu(r));
        }
        PrometheusText serverDelta = server.metrics().minus(metricsBefore);
        JvmTools.Pauses gc = server.gcPauses().minus(gcBefore);
        new BurstReport(this).write(v, timeline, tailViewers, tailPolls, totals, serverDelta, gc, pubStats);
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

    static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
