package io.roomcast.benchmarks.load;

import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * A business server publishing at a set rate: every {@code tickMillis} it sends what the rate owes
 * since the last tick as JSON batches ({@code POST /api/v1/messages}, an array, at most
 * {@code maxBatch} messages a request) over {@code java.net.http}, answers asked as protobuf
 * ({@code PublishBatchResponse}), and counts each message's answer: accepted, or discarded with its
 * reason. Each message's payload carries the time its request was sent ({@link Payloads}). Rooms
 * are taken in turn from the list, the kinds of message in turn from the mix.
 *
 * <p>Paced by a {@link Pacer}: it never queues without bound: with {@code maxInFlight} requests
 * unanswered, a tick's messages are not sent and are counted as {@link Stats#notSent} (the publisher
 * fell behind), so the report shows the rate really offered. Thread-safe.
 */
final class Publisher implements AutoCloseable {
    /** The publish rate, messages per second, at a time since the start. */
    interface Rate {
        double at(double seconds);
    }

    /** One kind of message of the mix. {@code priority} null: the server decides. */
    record Kind(String name, String category, long giftValue, String priority) {
    }

    /** Every kind the mix may name. */
    static final Map<String, Kind> KINDS = Map.of(
            "chat", new Kind("chat", "CHAT", 0, null),
            "notify", new Kind("notify", "NOTIFY", 0, null),
            "gift", new Kind("gift", "GIFT", 100, null),
            "biggift", new Kind("biggift", "GIFT", 5_000, null),
            "pk", new Kind("pk", "PK", 0, null),
            "critical", new Kind("critical", "NOTIFY", 0, "CRITICAL"));

    /** What was published. Thread-safe. */
    static final class Stats {
        final LongAdder sent = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder discarded = new LongAdder();
        final LongAdder notSent = new LongAdder();
        final LongAdder requests = new LongAdder();
        final ConcurrentMap<String, LongAdder> discardedBy = new ConcurrentHashMap<>();
        final ConcurrentMap<String, LongAdder> acceptedByPriority = new ConcurrentHashMap<>();
        final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();
        /** Request sent to answer received, microseconds. */
        final Recorder latency = new Recorder(3);

        static Map<String, Long> snapshot(ConcurrentMap<String, LongAdder> counters) {
            Map<String, Long> out = new TreeMap<>();
            counters.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        void failure(String what, long messages) {
            failures.computeIfAbsent(what, w -> new LongAdder()).add(messages);
        }
    }

    private final URI endpoint;
    private final String apiKey;
    private final int payloadBytes;
    private final List<Kind> mix;
    private final List<String> rooms;
    private final Stats stats;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Pacer pacer;
    private long nextRoom;
    private long nextKind;

    Publisher(URI base, String apiKey, int payloadBytes, List<Kind> mix, List<String> rooms, long tickMillis, int maxBatch,
              int maxInFlight, Stats stats) {
        if (mix.isEmpty() || rooms.isEmpty()) {
            throw new IllegalArgumentException("a publisher needs at least one kind of message and one room");
        }
        this.endpoint = base.resolve("/api/v1/messages");
        this.apiKey = apiKey;
        this.payloadBytes = payloadBytes;
        this.mix = List.copyOf(mix);
        this.rooms = List.copyOf(rooms);
        this.stats = stats;
        this.httpThreads = Executors.newFixedThreadPool(2, Pacer.daemon("publisher-http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.pacer = new Pacer(tickMillis, maxBatch, maxInFlight, stats, inFlight::get, this::send);
    }

    /**
     * The kinds of a mix such as {@code chat=60,notify=20,gift=20}, spread evenly over a cycle of
     * the weights' sum (so {@code chat=2,gift=1} goes chat, gift, chat, ...).
     */
    static List<Kind> parseMix(String text) {
        Map<Kind, Integer> weights = new java.util.LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.trim().split("=");
            Kind kind = KINDS.get(kv[0].trim().toLowerCase(Locale.ROOT));
            if (kind == null) {
                throw new IllegalArgumentException("--mix: unknown kind '" + kv[0].trim() + "'; kinds are " + new TreeMap<>(KINDS).keySet());
            }
            int weight = kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1;
            if (weight < 0) {
                throw new IllegalArgumentException("--mix: negative weight for " + kind.name());
            }
            weights.merge(kind, weight, Integer::sum);
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new IllegalArgumentException("--mix: no weight");
        }
        // Even spreading: slot i goes to the kind whose quota is furthest behind.
        List<Kind> cycle = new ArrayList<>(total);
        Map<Kind, Integer> used = new java.util.HashMap<>();
        for (int i = 1; i <= total; i++) {
            Kind best = null;
            double bestLag = Double.NEGATIVE_INFINITY;
            for (Map.Entry<Kind, Integer> e : weights.entrySet()) {
                double lag = (double) e.getValue() * i / total - used.getOrDefault(e.getKey(), 0);
                if (lag > bestLag) {
                    bestLag = lag;
                    best = e.getKey();
                }
            }
            used.merge(best, 1, Integer::sum);
            cycle.add(best);
        }
        return cycle;
    }

    void start(Rate rate) {
        pacer.start(rate);
    }

    private void send(int n) {
        long micros = Payloads.nowMicros();
        String payload = Payloads.json(micros, payloadBytes);
        StringBuilder body = new StringBuilder(n * (payloadBytes + 120)).append('[');
        for (int i = 0; i < n; i++) {
            Kind kind = mix.get((int) (nextKind++ % mix.size()));
            String room = rooms.get((int) (nextRoom++ % rooms.size()));
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"scope\":\"room\",\"roomId\":\"").append(room).append("\",\"category\":\"").append(kind.category())
                    .append("\",\"senderId\":\"loadgen\"");
            if (kind.giftValue() > 0) {
                body.append(",\"giftValue\":").append(kind.giftValue());
            }
            if (kind.priority() != null) {
                body.append(",\"priority\":\"").append(kind.priority()).append('"');
            }
            body.append(",\"payload\":").append(payload).append('}');
        }
        body.append(']');
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        inFlight.incrementAndGet();
        stats.sent.add(n);
        stats.requests.increment();
        long sentNanos = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            stats.latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
            if (error != null) {
                stats.failure("exception: " + error.getClass().getSimpleName(), n);
                return;
            }
            if (response.statusCode() / 100 != 2) {
                stats.failure("HTTP " + response.statusCode(), n);
                return;
            }
            try {
                for (PublishResponse result : PublishBatchResponse.parseFrom(response.body()).getResultsList()) {
                    if (result.getStatus().equals("discarded")) {
                        stats.discarded.increment();
                        stats.discardedBy.computeIfAbsent(result.getReason(), r -> new LongAdder()).increment();
                    } else {
                        stats.accepted.increment();
                        stats.acceptedByPriority.computeIfAbsent(result.getPriority(), r -> new LongAdder()).increment();
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                stats.failure("undecodable answer", n);
            }
        });
    }

    /** Stops publishing; waits up to 10 s for the answers in flight. */
    @Override
    public void close() {
        pacer.close();
        httpThreads.shutdownNow();
    }
}
