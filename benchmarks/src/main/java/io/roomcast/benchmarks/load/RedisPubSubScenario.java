package io.roomcast.benchmarks.load;

import io.roomcast.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline for the hot room: the same traffic carried by a plain Redis pub/sub, measured by
 * the same generator in the same sitting. The generator starts its own {@code redis-server} (free
 * loopback port, no persistence, {@code maxclients} above the subscribers) and measures it from
 * {@code /proc} as it does roomcast; {@code --viewers} subscribers on one channel over plain TCP
 * ({@link RedisSubscribers}: the same Netty event loops, open-files caps and {@link DeliveryStats}
 * as the hot room's viewers); one connection publishing {@code --rate} messages/s
 * ({@link RedisPublisher}: the same pace and payloads as the hot room's publisher); the same phases
 * and {@code --sweep} ({@link PushPhases}). Redis has no window, no budget and no replay: what it
 * cannot deliver it loses, by closing a subscriber whose output buffer passes
 * {@code client-output-buffer-limit pubsub} (32 MiB, or 8 MiB for 60 s, by default).
 */
final class RedisPubSubScenario extends Scenario {
    static final String CHANNEL = "room";
    private static final Pattern VERSION = Pattern.compile("version=([0-9.]+)");

    final int viewersAsked;
    final PushLoad load;
    /** {@code --redis.NAME=VALUE}: more redis-server settings, after the scenario's. */
    private final Map<String, String> redisSettings;
    final Path chart;
    RedisServerProcess redis;
    List<String> redisArguments;

    RedisPubSubScenario(Options options, String command) {
        super(options, command);
        if (!options.flag("plain", true)) {
            throw new IllegalArgumentException("--scenario=redis-pubsub is plain TCP only: drop --plain=false");
        }
        this.viewersAsked = options.integer("viewers", 10_000, 1, 10_000_000);
        this.load = PushLoad.read(options, "rate", 2_000, 100, false);
        this.redisSettings = options.withPrefix("redis.");
        this.chart = SweepChart.pathFor(options);
    }

    @Override
    String name() {
        return "redis-pubsub";
    }

    @Override
    String purpose() {
        return String.format(Locale.ROOT, "Baseline: a plain Redis pub/sub carrying the hot room's traffic: %,d subscribers of one "
                        + "channel (plain TCP), %s messages/s published by one connection (PUBLISH, pipelined every %d ms, %d-byte "
                        + "payloads carrying the publish time): deliveries per second at the subscribers, publish-to-receive latency, "
                        + "CPU of redis-server and of the generator.", viewersAsked,
                load.isSweep() ? "in steps of " + load.rateList() : Fmt.rate(load.rates().get(0)), load.tickMillis(), load.payloadBytes());
    }

    @Override
    void execute() {
        startRedis();
        startClock();
        int viewers = capConnections("subscribers", viewersAsked, 64, 64);
        List<Viewers.Spec> specs = new ArrayList<>(viewers);
        int sampled = 0;
        for (int i = 0; i < viewers; i++) {
            boolean sample = i % load.latencyEvery() == 0;
            sampled += sample ? 1 : 0;
            specs.add(new Viewers.Spec("s" + i, null, CHANNEL, sample));
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", redis.port());
        DeliveryStats stats = new DeliveryStats();
        NettyTransport transport = closeLater(NettyTransport.create(clientThreads, false, "viewer"));
        Viewers fleet = closeLater(new RedisSubscribers(transport, address,
                ClientNetwork.sourceAddresses(options.list("source-ips", List.of()), viewers), stats));
        Windows.Delivery.Sampler deliveries = new Windows.Delivery.Sampler(stats);
        PushPhases phases = new PushPhases(this, load, 1);
        PushPhases.Ramp ramp = phases.ramp(fleet, specs, stats, deliveries);
        // Publishing with PUBLISH on one connection; Redis has no metrics scrape, GC or heap to read (the Target's defaults).
        List<PushPhases.Step> steps = phases.steps((messagesPerSecond, publishStats) -> {
            RedisPublisher publisher = new RedisPublisher(address, CHANNEL, load.payloadBytes(), load.tickMillis(), load.maxBatch(), load.maxInFlight(),
                    publishStats);
            publisher.start(seconds -> messagesPerSecond);
            return publisher;
        }, deliveries);
        new RedisPubSubReport(this).write(viewers, sampled, ramp, steps, fleet.describe());
    }

    private void startRedis() {
        redisArguments = new ArrayList<>(List.of("--maxclients", Integer.toString(Math.max(20_000, viewersAsked + 100))));
        redisSettings.forEach((name, value) -> {
            redisArguments.add("--" + name);
            // "pubsub 0 0 0" is four words of one setting; redis-server wants them as separate arguments.
            redisArguments.addAll(value.isBlank() ? List.of("") : Arrays.asList(value.trim().split("\\s+")));
        });
        progress("start", "starting redis-server " + String.join(" ", redisArguments));
        try {
            redis = closeLater(RedisServerProcess.start(redisArguments));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        progress("start", redis + ", " + version());
        measure(ProcFs.of(redis.pid()));
    }

    /** "Redis 7.0.15", as its log says, or "Redis (version unknown)". */
    String version() {
        try {
            Matcher m = VERSION.matcher(Files.readString(redis.dir().resolve("redis.log")));
            return m.find() ? "Redis " + m.group(1) : "Redis (version unknown)";
        } catch (IOException e) {
            return "Redis (version unknown)";
        }
    }
}
