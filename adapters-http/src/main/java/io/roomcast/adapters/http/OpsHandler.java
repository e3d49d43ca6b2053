package io.roomcast.adapters.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.RoomStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/ops} (API key): one JSON snapshot for the operations page, read from the
 * meters and room stats this node already keeps, e.g.
 * <pre>
 * {"at":1765000000000,
 *  "node":{"processCpu":0.04,"systemCpu":0.31,"cpus":2,"heapUsed":81264640,"heapMax":268435456},
 *  "connections":{"tcp":3},"polls":{"guest":120,"user":4},"published":{"accepted":50,"discarded":2},
 *  "discarded":{"overload":2},"skipped":{"poll":{"priority":7},"tcp":{"budget":3}},
 *  "rooms":[{"roomId":"r1","online":3,...}]}
 * </pre>
 * Counters are totals since the node started (the page turns them into rates); {@code connections}
 * lists every {@code roomcast.<transport>.connections} gauge and {@code skipped} every
 * {@code roomcast.<source>.skipped} counter, so a new transport shows up without changing this
 * class. Thread-safe.
 */
final class OpsHandler implements HttpHandler {
    static final String PATH = "/api/v1/ops";
    static final int ROOMS = 20;
    private static final Pattern CONNECTIONS = Pattern.compile("roomcast\\.([a-z]+)\\.connections");
    private static final Pattern SKIPPED = Pattern.compile("roomcast\\.([a-z]+)\\.skipped");

    private final Credentials credentials;
    private final GetRoomStatsUseCase stats;
    private final MeterRegistry registry;

    OpsHandler(Credentials credentials, GetRoomStatsUseCase stats, MeterRegistry registry) {
        this.credentials = credentials;
        this.stats = stats;
        this.registry = registry;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        credentials.checkApiKey(exchange);
        exchange.setStatusCode(200);
        Responses.send(exchange, Responses.JSON, snapshot(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
    }

    String snapshot(long now) {
        StringBuilder out = new StringBuilder(2048).append("{\"at\":").append(now).append(",\"node\":{");
        out.append("\"processCpu\":").append(number(gauge("process.cpu.usage")))
                .append(",\"systemCpu\":").append(number(gauge("system.cpu.usage")))
                .append(",\"cpus\":").append(number(gauge("system.cpu.count")))
                .append(",\"heapUsed\":").append(number(heap("jvm.memory.used")))
                .append(",\"heapMax\":").append(number(heap("jvm.memory.max"))).append('}');
        Map<String, Double> connections = new TreeMap<>();
        Map<String, Map<String, Double>> skipped = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            Matcher c = CONNECTIONS.matcher(name);
            if (c.matches() && meter instanceof Gauge g) {
                connections.merge(c.group(1), g.value(), Double::sum);
            }
            Matcher s = SKIPPED.matcher(name);
            if (s.matches() && meter instanceof Counter counter && meter.getId().getTag("reason") != null) {
                skipped.computeIfAbsent(s.group(1), k -> new TreeMap<>())
                        .merge(meter.getId().getTag("reason"), counter.count(), Double::sum);
            }
        }
        object(out.append(",\"connections\":"), connections);
        object(out.append(",\"polls\":"), counters("roomcast.polls", "viewer"));
        object(out.append(",\"published\":"), counters("roomcast.published", "status"));
        object(out.append(",\"discarded\":"), counters("roomcast.discarded", "reason"));
        out.append(",\"skipped\":{");
        boolean first = true;
        for (Map.Entry<String, Map<String, Double>> source : skipped.entrySet()) {
            object(out.append(first ? "\"" : ",\"").append(source.getKey()).append("\":"), source.getValue());
            first = false;
        }
        out.append("},\"rooms\":[");
        first = true;
        for (RoomStats room : stats.busiest(ROOMS)) {
            out.append(first ? "" : ",").append(new String(RoomStatsHandler.json(room), StandardCharsets.UTF_8));
            first = false;
        }
        return out.append("]}").toString();
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? 0 : g.value();
    }

    private double heap(String name) {
        return registry.find(name).tag("area", "heap").gauges().stream().mapToDouble(Gauge::value)
                .filter(v -> v > 0).sum();
    }

    private Map<String, Double> counters(String name, String tag) {
        Map<String, Double> byTag = new TreeMap<>();
        ToDoubleFunction<Counter> count = Counter::count;
        registry.find(name).counters().forEach(c -> {
            String value = c.getId().getTag(tag);
            if (value != null) {
                byTag.merge(value, count.applyAsDouble(c), Double::sum);
            }
        });
        return byTag;
    }

    /** Meter names and tags here are roomcast's own identifiers ([a-z_.-]): nothing to escape. */
    private static void object(StringBuilder out, Map<String, Double> values) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            out.append(first ? "\"" : ",\"").append(e.getKey()).append("\":").append(number(e.getValue()));
            first = false;
        }
        out.append('}');
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return "0";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
