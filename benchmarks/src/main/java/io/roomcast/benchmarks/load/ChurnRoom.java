package io.roomcast.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One room of the churn driver, from its start to its end: the viewers that stay from before its
 * first message to after its last (some of them leave and come back by cursor meanwhile), and a
 * business server publishing into it over HTTP (a mix of chat, gift and critical messages). Those
 * viewers are the ones whose accounts are checked at the end: delivered + skipped = accepted.
 * Passers-by (joining live, leaving for good) are the driver's, not counted here. Thread-safe.
 */
final class ChurnRoom {
    private static final String[] KINDS = {
        "\"category\":\"CHAT\"", "\"category\":\"GIFT\"", "\"category\":\"CHAT\"", "\"category\":\"NOTIFY\",\"priority\":\"CRITICAL\""};

    final String id;
    final List<ChurnViewer> staying = new ArrayList<>();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicReference<String> lastRefusal = new AtomicReference<>("");
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean publishing = true;

    ChurnRoom(String id) {
        this.id = id;
    }

    /** Sends one message (asynchronously) unless the room has ended; counts the answer. */
    void publishOne(HttpClient http, URI messages, String apiKey) {
        if (!publishing) {
            return;
        }
        long n = sent.incrementAndGet();
        String body = "{\"scope\":\"room\",\"roomId\":\"" + id + "\"," + KINDS[(int) (n % KINDS.length)]
                + ",\"senderId\":\"churn\",\"payload\":{\"n\":" + n + "}}";
        inFlight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(messages).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> {
                    if (r != null && r.statusCode() == 202 && r.body().contains("\"accepted\"")) {
                        accepted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                        lastRefusal.set(r != null ? r.statusCode() + " " + r.body() : String.valueOf(e));
                    }
                    inFlight.decrementAndGet();
                });
    }

    /** Stops publishing; {@link #settled()} tells when the last answer is in. */
    void end() {
        publishing = false;
    }

    boolean settled() {
        return !publishing && inFlight.get() == 0;
    }

    /** True when every staying viewer accounts for every accepted message. */
    boolean accountedFor() {
        long published = accepted.get();
        return staying.stream().allMatch(v -> v.accounted() >= published);
    }
}
