package io.roomcast.bootstrap.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A business server publishing to one room straight to the node: batches of mixed priorities and
 * now and then a state message; it keeps each accepted message's createdAt (the position it was
 * stamped with) to count the published messages per slice.
 */
final class Publisher {
    private static final List<String> MIXED = List.of(
            "\"category\":\"CHAT\",\"priority\":\"LOWEST\"",
            "\"category\":\"CHAT\"",
            "\"category\":\"CHAT\",\"priority\":\"LOW\"",
            "\"category\":\"NOTIFY\"",
            "\"category\":\"GIFT\",\"giftValue\":5000",
            "\"category\":\"GIFT\",\"priority\":\"CRITICAL\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String key;
    private final String room;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private int batches;

    Publisher(int port, String key, String room) {
        this.url = "http://127.0.0.1:" + port + "/api/v1/messages";
        this.key = key;
        this.room = room;
    }

    /** Publishes one batch of six messages of mixed levels, and every fifth batch a state message too. */
    void publishBatch() throws IOException, InterruptedException {
        int batch = ++batches;
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < MIXED.size(); i++) {
            json.append(i == 0 ? "" : ",").append(message(MIXED.get(i), "{\"n\":\"" + batch + "-" + i + "\"}"));
        }
        if (batch % 5 == 1) {
            json.append(',').append(message("\"category\":\"PK\",\"stateKey\":\"pk.score\",\"version\":" + batch,
                    "{\"score\":" + batch + "}"));
        }
        publish(json.append(']').toString());
    }

    /** Publishes {@code count} chat lines in one batch. */
    void publishChat(int count) throws IOException, InterruptedException {
        publish(java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> message("\"category\":\"CHAT\"", "{\"text\":\"line " + i + "\"}"))
                .collect(Collectors.joining(",", "[", "]")));
    }

    private String message(String fields, String payload) {
        return "{\"scope\":\"room\",\"roomId\":\"" + room + "\"," + fields + ",\"senderId\":\"fan\",\"payload\":" + payload + "}";
    }

    private void publish(String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        for (JsonElement result : JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("results")) {
            JsonObject r = result.getAsJsonObject();
            assertThat(r.get("status").getAsString()).as("every message is accepted: %s", r).isEqualTo("accepted");
            createdAt.put(r.get("id").getAsString(), r.get("createdAt").getAsLong());
        }
    }

    /** The accepted messages' ids by slice (createdAt / sliceMs). */
    NavigableMap<Long, List<String>> bySlice(long sliceMs) {
        return createdAt.entrySet().stream().collect(Collectors.groupingBy(e -> e.getValue() / sliceMs, TreeMap::new,
                Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    }
}
