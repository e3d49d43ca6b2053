package io.roomcast.adapters.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.domain.policy.SkipCounts;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;

/**
 * The long-connection meters: {@code roomcast.tcp.connections} (gauge), {@code roomcast.tcp.blocks.sent},
 * {@code roomcast.tcp.bytes.sent}, {@code roomcast.tcp.slow.closes}, {@code roomcast.tcp.slow.merges}, {@code roomcast.tcp.skipped}
 * by {@code reason} (what viewers were told they missed in pushed blocks), {@code roomcast.tcp.refused}
 * and {@code roomcast.tcp.errors} by {@code code}. Thread-safe (Micrometer counters are striped adders).
 */
final class TcpMetrics {
    private final MeterRegistry registry;
    private final Counter blocksSent;
    private final Counter bytesSent;
    private final Counter slowCloses;
    private final Counter slowMerges;
    private final Counter skippedPriority;
    private final Counter skippedAge;
    private final Counter skippedBudget;
    private final Counter skippedSuperseded;
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

    TcpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.blocksSent = Counter.builder("roomcast.tcp.blocks.sent")
                .description("Blocks written to long connections").register(registry);
        this.bytesSent = Counter.builder("roomcast.tcp.bytes.sent").baseUnit("bytes")
                .description("Block bytes written to long connections (before TLS)").register(registry);
        this.slowCloses = Counter.builder("roomcast.tcp.slow.closes")
                .description("Connections closed with Error{SLOW}").register(registry);
        this.slowMerges = Counter.builder("roomcast.tcp.slow.merges")
                .description("Times a connection's pending blocks were merged by priority (it read too slowly)")
                .register(registry);
        this.skippedPriority = skipped("priority");
        this.skippedAge = skipped("age");
        this.skippedBudget = skipped("budget");
        this.skippedSuperseded = skipped("superseded");
    }

    private Counter skipped(String reason) {
        return Counter.builder("roomcast.tcp.skipped").tag("reason", reason)
                .description("Messages viewers were told they skipped, by reason").register(registry);
    }

    void connections(IntSupplier open) {
        Gauge.builder("roomcast.tcp.connections", open::getAsInt)
                .description("Open long connections").strongReference(true).register(registry);
    }

    /** The push core's block window and shared cut now (they follow the node's load). */
    void window(java.util.function.LongSupplier windowMillis, IntSupplier maxEntries) {
        Gauge.builder("roomcast.push.window", () -> (double) windowMillis.getAsLong()).baseUnit("milliseconds")
                .description("The block window in force now (block.window.min.ms to block.window.ms, longer under load)")
                .strongReference(true).register(registry);
        Gauge.builder("roomcast.push.block.max.entries", () -> {
            int max = maxEntries.getAsInt();
            return max == Integer.MAX_VALUE ? 0 : max;
        }).description("The node's shared cut: most entries per block while overloaded (0: no cut)")
                .strongReference(true).register(registry);
    }

    void outboundQueued(java.util.function.LongSupplier queued) {
        Gauge.builder("roomcast.tcp.outbound.queued", () -> (double) queued.getAsLong()).baseUnit("bytes")
                .description("Bytes written to TLS viewers and not yet sent (bounded by tcp.outbound.budget.bytes)")
                .strongReference(true).register(registry);
    }

    void blockSent(int bytes, SkipCounts skipped) {
        blocksSent.increment();
        bytesSent.increment(bytes);
        if (!skipped.isEmpty()) {
            add(skippedPriority, skipped.priority());
            add(skippedAge, skipped.age());
            add(skippedBudget, skipped.budget());
            add(skippedSuperseded, skipped.superseded());
        }
    }

    private static void add(Counter counter, int n) {
        if (n > 0) {
            counter.increment(n);
        }
    }

    void slowClose() {
        slowCloses.increment();
    }

    void slowMerge() {
        slowMerges.increment();
    }

    double slowMerges() {
        return slowMerges.count();
    }

    void refused(String code) {
        refused.computeIfAbsent(code, c -> Counter.builder("roomcast.tcp.refused").tag("code", c)
                .description("Connections refused by the limits").register(registry)).increment();
    }

    void error(String code) {
        errors.computeIfAbsent(code, c -> Counter.builder("roomcast.tcp.errors").tag("code", c)
                .description("Error frames sent (each followed by a close)").register(registry)).increment();
    }

    double slowCloses() {
        return slowCloses.count();
    }

    double skippedBudget() {
        return skippedBudget.count();
    }

    double blocksSent() {
        return blocksSent.count();
    }
}
