package io.roomcast.bootstrap.faults;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Business servers publishing HIGH gifts to one room over HTTP, flat out, while a test injects a
 * fault: what each answer's status was, the ids acknowledged (202, accepted), and the error codes
 * and last message of the refusals. Thread-safe.
 */
final class RoomPublishers {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final Set<String> refusalCodes = ConcurrentHashMap.newKeySet();
    volatile String lastRefusal = "";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;
    private final String room;
    private final String pad;

    /** Publishes to {@code room} on {@code base} with API key {@code key}, each payload padded with {@code padChars} characters. */
    RoomPublishers(String base, String key, String room, int padChars) {
        this.base = base;
        this.key = key;
        this.room = room;
        this.pad = "x".repeat(padChars);
    }

    /** Starts {@code count} publishers on {@code load}; they stop when {@code running} turns false. */
    void start(ExecutorService load, AtomicBoolean running, int count) {
        for (int p = 0; p < count; p++) {
            int publisher = p;
            load.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    publish("{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"GIFT\",\"priority\":\"HIGH\","
                            + "\"payload\":{\"p\":" + publisher + ",\"i\":" + i + ",\"pad\":\"" + pad + "\"}}");
                }
            });
        }
    }

    private void publish(String body) {
        HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r == null) {
            return;
        }
        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (!r.body().startsWith("{")) {
            refusalCodes.add("not JSON: " + r.body());
            return;
        }
        JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.statusCode() == 202 && answer.get("status").getAsString().equals("accepted")) {
            acknowledged.add(answer.get("id").getAsString());
        } else if (answer.has("error")) {
            refusalCodes.add(answer.getAsJsonObject("error").get("code").getAsString());
            lastRefusal = answer.getAsJsonObject("error").get("message").getAsString();
        }
    }

    /** How many answers had {@code status} so far. */
    int count(int status) {
        return statuses.getOrDefault(status, new AtomicInteger()).get();
    }

    /** The answer to {@code request}, or null when it could not be had (connection refused, timeout). */
    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every message of {@code room} in the store, paging from the oldest. */
    static List<String> readAll(MessageStore store, String room) {
        List<String> ids = new ArrayList<>();
        Cursor cursor = Cursor.ORIGIN;
        while (true) {
            ReadResult read = store.readSince(Feed.guest(RoomId.of(room)), cursor, 500);
            read.messages().forEach(m -> ids.add(m.id().value()));
            cursor = read.through();
            if (!read.more()) {
                return ids;
            }
        }
    }
}
