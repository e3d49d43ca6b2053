package io.roomcast.adapters.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The WebSocket viewers' meters: {@code roomcast.ws.connections}, {@code roomcast.ws.blocks.sent},
 * {@code roomcast.ws.bytes.sent}, {@code roomcast.ws.slow.closes}, {@code roomcast.ws.slow.merges}, {@code roomcast.ws.errors{code}}
 * and {@code roomcast.ws.refused{code}}. Thread-safe.
 */
final class WebSocketMetrics {
    private final MeterRegistry registry;
    private final Counter blocksSent;
    private final Counter bytesSent;
    private final Counter slowCloses;
    private final Counter slowMerges;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    WebSocketMetrics(MeterRegistry registry) {
        this.registry = registry;
        blocksSent = Counter.builder("roomcast.ws.blocks.sent").description("Blocks written to WebSocket viewers")
                .register(registry);
        bytesSent = Counter.builder("roomcast.ws.bytes.sent").baseUnit("bytes")
                .description("Bytes of blocks written to WebSocket viewers").register(registry);
        slowCloses = Counter.builder("roomcast.ws.slow.closes")
                .description("WebSocket viewers closed for not reading (SLOW)").register(registry);
        slowMerges = Counter.builder("roomcast.ws.slow.merges")
                .description("Times a WebSocket viewer's waiting blocks were merged by priority").register(registry);
    }

    void connections(IntSupplier open) {
        Gauge.builder("roomcast.ws.connections", open::getAsInt).description("WebSocket viewers connected")
                .register(registry);
    }

    void block(int bytes) {
        blocksSent.increment();
        bytesSent.increment(bytes);
    }

    void slowMerge() {
        slowMerges.increment();
    }

    void slowClose() {
        slowCloses.increment();
    }

    void error(String code) {
        errors.computeIfAbsent(code, c -> Counter.builder("roomcast.ws.errors").tag("code", c)
                .description("Errors sent to WebSocket viewers before closing, by code").register(registry)).increment();
    }

    void refused(String code) {
        refused.computeIfAbsent(code, c -> Counter.builder("roomcast.ws.refused").tag("code", c)
                .description("WebSocket connections refused, by code").register(registry)).increment();
    }
}
