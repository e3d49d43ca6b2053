package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.message.UserId;
import io.roomcast.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real launcher on free ports, once per store (Chronicle in a temp directory, Redis on its own
 * redis-server, memory): publish over HTTP, poll back, check priorities, skipped counts, cursors
 * across a burst of 1,000 messages, idempotent retries, unicast by token and bad input.
 */
class EndToEndIT {
    private static final String KEY = "e2e-key-0123456789abcdef";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";
    private static RedisServerProcess redis;
    private static String redisUrl;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startRedis() throws Exception {
        redisUrl = RedisServerProcess.externalUrl().orElse(null);
        if (redisUrl == null) {
            redis = RedisServerProcess.start();
            redisUrl = redis.url();
        }
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private Roomcast start(String store) {
        Settings settings = Settings.load(new String[] {
            "--store=" + store, "--data.dir=" + dataDir, "--redis.url=" + redisUrl, "--http.host=127.0.0.1",
            "--http.port=0", "--tcp.enabled=false", "--api.keys=" + KEY, "--token.secret=" + SECRET,
            "--room.budget=1000000", "--room.critical.budget=0"}, Map.of());
        return Roomcast.start(settings);
    }

    private static String publishBody(String room, String category, String priority, long giftValue, String payload) {
        return "{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"" + category + "\""
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"")
                + (giftValue == 0 ? "" : ",\"giftValue\":" + giftValue)
                + ",\"senderId\":\"fan\",\"payload\":" + payload + "}";
    }

    @ParameterizedTest(name = "store={0}")
    @ValueSource(strings = {"chronicle", "redis", "memory"})
    void publishAndPollOverHttp_deliversByPriorityWithCursorsSkipsIdempotencyAndUnicast(String store) {
        String room = "e2e-" + store + "-" + java.util.UUID.randomUUID();
        try (Roomcast node = start(store)) {
            Http http = new Http(node.httpPort());
            assertThat(http.get("/health", null).status()).isEqualTo(200);

            // A gift and a chat, polled back in order with the rule-given priorities.
            Http.Answer gift = http.post("/api/v1/messages", KEY, publishBody(room, "GIFT", null, 5_000, "{\"gift\":\"rocket\"}"));
            Http.Answer chat = http.post("/api/v1/messages", KEY, publishBody(room, "CHAT", null, 0, "{\"text\":\"hi\"}"));
            assertThat(gift.status()).isEqualTo(202);
            assertThat(gift.json().getAsJsonObject().get("status").getAsString()).isEqualTo("accepted");
            assertThat(gift.json().getAsJsonObject().get("priority").getAsString()).isEqualTo("HIGH");
            assertThat(chat.json().getAsJsonObject().get("priority").getAsString()).isEqualTo("LOW");
            JsonObject poll = http.get("/api/v1/rooms/" + room + "/messages?cursor=0", null).json().getAsJsonObject();
            JsonArray messages = poll.getAsJsonArray("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).getAsJsonObject().getAsJsonObject("payload").get("gift").getAsString()).isEqualTo("rocket");
            assertThat(messages.get(1).getAsJsonObject().getAsJsonObject("payload").get("text").getAsString()).isEqualTo("hi");
            assertThat(poll.get("pollAfterMs").getAsLong()).isEqualTo(1_500);
            String cursor = poll.get("cursor").getAsString();

            // Idempotent retry: the first answer, nothing new stored.
            String keyed = publishBody(room, "GIFT", null, 50, "{\"gift\":\"rose\"}");
            keyed = keyed.substring(0, keyed.length() - 1) + ",\"idempotencyKey\":\"order-9\"}";
            JsonObject first = http.post("/api/v1/messages", KEY, keyed).json().getAsJsonObject();
            JsonObject retry = http.post("/api/v1/messages", KEY, keyed).json().getAsJsonObject();
            assertThat(retry.get("id").getAsString()).isEqualTo(first.get("id").getAsString());
            assertThat(retry.get("cursor").getAsString()).isEqualTo(first.get("cursor").getAsString());
            JsonObject afterRetry = http.get("/api/v1/rooms/" + room + "/messages?cursor=" + cursor, null).json().getAsJsonObject();
            assertThat(afterRetry.getAsJsonArray("messages")).hasSize(1);
            cursor = afterRetry.get("cursor").getAsString();

            // A burst of 1,000 in one batch (many share a millisecond): 150 CRITICAL among them.
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 1_000; i++) {
                boolean critical = i % 20 == 0 || i % 20 == 7 || i % 20 == 13;
                batch.append(i == 0 ? "" : ",").append(publishBody(room, critical ? "NOTIFY" : "CHAT",
                        critical ? "CRITICAL" : null, 0, "{\"n\":" + i + "}"));
            }
            Http.Answer burst = http.post("/api/v1/messages", KEY, batch.append("]").toString());
            assertThat(burst.status()).isEqualTo(202);
            JsonArray results = burst.json().getAsJsonObject().getAsJsonArray("results");
            assertThat(results).hasSize(1_000);
            Map<Long, Integer> perMillisecond = new HashMap<>();
            for (JsonElement r : results) {
                assertThat(r.getAsJsonObject().get("status").getAsString()).isEqualTo("accepted");
                perMillisecond.merge(r.getAsJsonObject().get("createdAt").getAsLong(), 1, Integer::sum);
            }
            assertThat(perMillisecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                    .as("the burst puts many messages in one millisecond").isGreaterThan(1);

            Set<String> seen = new HashSet<>();
            int criticals = 0;
            long skipped = 0;
            List<Integer> pageSizes = new ArrayList<>();
            for (int polls = 0; polls < 100; polls++) {
                JsonObject page = http.get("/api/v1/rooms/" + room + "/messages?limit=100&cursor=" + cursor, null)
                        .json().getAsJsonObject();
                JsonArray got = page.getAsJsonArray("messages");
                pageSizes.add(got.size());
                for (JsonElement m : got) {
                    assertThat(seen.add(m.getAsJsonObject().get("id").getAsString())).as("no message twice").isTrue();
                    if (m.getAsJsonObject().get("priority").getAsString().equals("CRITICAL")) {
                        criticals++;
                    }
                }
                JsonObject skips = page.getAsJsonObject("skipped");
                for (String reason : skips.keySet()) {
                    skipped += skips.get(reason).getAsLong();
                }
                cursor = page.get("cursor").getAsString();
                if (!page.has("more") || !page.get("more").getAsBoolean()) {
                    break;
                }
            }
            assertThat(criticals).as("every CRITICAL message arrives").isEqualTo(150);
            assertThat(seen.size() + skipped).as("delivered + skipped = published").isEqualTo(1_000);
            assertThat(pageSizes.get(0)).isEqualTo(100);

            // A signed-in viewer also gets their own unicast message; a guest does not.
            String token = new JwtUserTokens(SECRET, Clock.system()).issue(UserId.of("alice"), Duration.ofMinutes(5),
                    System.currentTimeMillis());
            assertThat(http.post("/api/v1/messages", KEY, "{\"scope\":\"user\",\"userId\":\"alice\",\"category\":\"NOTIFY\","
                    + "\"payload\":{\"dm\":\"thanks\"}}").status()).isEqualTo(202);
            JsonArray alice = http.get("/api/v1/rooms/" + room + "/messages?cursor=" + cursor, token).json()
                    .getAsJsonObject().getAsJsonArray("messages");
            JsonArray guest = http.get("/api/v1/rooms/" + room + "/messages?cursor=" + cursor, null).json()
                    .getAsJsonObject().getAsJsonArray("messages");
            assertThat(alice).hasSize(1);
            assertThat(guest).isEmpty();

            // Bad input through the real launcher: clear errors, nothing stored.
            Http.Answer noKey = http.post("/api/v1/messages", null, publishBody(room, "CHAT", null, 0, "{}"));
            Http.Answer badCategory = http.post("/api/v1/messages", KEY, publishBody(room, "SONG", null, 0, "{}"));
            Http.Answer badCursor = http.get("/api/v1/rooms/" + room + "/messages?cursor=yesterday", null);
            Http.Answer badToken = http.get("/api/v1/rooms/" + room + "/messages", "forged");
            assertThat(noKey.status()).isEqualTo(401);
            assertThat(badCategory.status()).isEqualTo(400);
            assertThat(badCategory.json().getAsJsonObject().getAsJsonObject("error").get("message").getAsString())
                    .contains("category");
            assertThat(badCursor.status()).isEqualTo(400);
            assertThat(badCursor.json().getAsJsonObject().getAsJsonObject("error").get("code").getAsString())
                    .isEqualTo("INVALID_CURSOR");
            assertThat(badToken.status()).isEqualTo(401);
            assertThat(http.get("/api/v1/rooms/" + room + "/messages?cursor=" + cursor, null).json()
                    .getAsJsonObject().getAsJsonArray("messages")).isEmpty();
        }
    }
}
