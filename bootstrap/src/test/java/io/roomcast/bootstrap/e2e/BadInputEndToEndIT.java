package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input the HTTP API documents, sent to the real launcher (Chronicle store):
 * each gets the right status and a JSON error {@code {"error":{"code","message"}}}, and none
 * stores anything.
 */
class BadInputEndToEndIT {
    private static final String KEY = "e2e-key-0123456789abcdef";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";
    private static final String GOOD = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":{\"t\":1}}";

    @TempDir
    static Path dataDir;

    private static Roomcast node;
    private static Http http;
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        node = Roomcast.start(Settings.load(new String[] {
            "--data.dir=" + dataDir, "--http.host=127.0.0.1", "--http.port=0", "--tcp.enabled=false",
            "--api.keys=" + KEY, "--token.secret=" + SECRET, "--http.max.body.bytes=4096"}, Map.of()));
        http = new Http(node.httpPort());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void assertError(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonObject error = answer.json().getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("code").getAsString()).isEqualTo(code);
        assertThat(error.get("message").getAsString()).isNotBlank();
    }

    private static Http.Answer raw(HttpRequest request) throws Exception {
        HttpResponse<String> response = RAW.send(request, HttpResponse.BodyHandlers.ofString());
        return new Http.Answer(response.statusCode(), response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    @Test
    void everyBadInput_getsItsStatusAndJsonError_andStoresNothing() throws Exception {
        MessageStore store = node.instance(MessageStore.class);
        Cursor before = store.head(RoomId.of("r1"));
        String expired = new JwtUserTokens(SECRET, () -> System.currentTimeMillis() - Duration.ofHours(2).toMillis())
                .issue(UserId.of("alice"), Duration.ofMinutes(5), System.currentTimeMillis() - Duration.ofHours(2).toMillis());

        assertError(http.post("/api/v1/messages", KEY, "{\"scope\":\"room\","), 400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("\"CHAT\"", "42")), 400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("\"scope\"", "\"colour\":\"red\",\"scope\"")),
                400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("\"CHAT\"", "\"SONG\"")), 400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("\"r1\"", "\"r 1\"")), 400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("\"CHAT\"", "\"GIFT\",\"giftValue\":-5")),
                400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", KEY, "[" + GOOD + "," + GOOD.replace("\"room\"", "\"planet\"") + "]"),
                400, "INVALID_ARGUMENT");
        assertError(http.post("/api/v1/messages", null, GOOD), 401, "UNAUTHENTICATED");
        assertError(http.post("/api/v1/messages", "not-the-key-0123456789", GOOD), 401, "UNAUTHENTICATED");
        assertError(http.post("/api/v1/messages", KEY, GOOD.replace("{\"t\":1}", "{\"t\":\"" + "x".repeat(5_000) + "\"}")),
                413, "TOO_LARGE");
        assertError(raw(HttpRequest.newBuilder(uri("/api/v1/messages")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(GOOD)).build()),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(raw(HttpRequest.newBuilder(uri("/api/v1/messages")).header("Authorization", "Bearer " + KEY)
                .DELETE().build()), 405, "METHOD_NOT_ALLOWED");
        assertError(http.get("/api/v1/nothing-here", null), 404, "NOT_FOUND");

        assertError(http.get("/api/v1/rooms/r1/messages?cursor=12-x", null), 400, "INVALID_CURSOR");
        assertError(http.get("/api/v1/rooms/r1/messages?limit=0", null), 400, "INVALID_ARGUMENT");
        assertError(http.get("/api/v1/rooms/r1/messages?limit=1000", null), 400, "INVALID_ARGUMENT");
        assertError(http.get("/api/v1/rooms/r%20r/messages", null), 400, "INVALID_ARGUMENT");
        assertError(http.get("/api/v1/rooms/r1/messages", "forged.token.here"), 401, "UNAUTHENTICATED");
        Http.Answer expiredAnswer = http.get("/api/v1/rooms/r1/messages", expired);
        assertError(expiredAnswer, 401, "UNAUTHENTICATED");
        assertThat(expiredAnswer.body()).contains("expired");
        assertError(http.get("/api/v1/endpoint?roomId=r1", null), 401, "UNAUTHENTICATED");

        assertThat(store.head(RoomId.of("r1"))).as("no bad input stored anything").isEqualTo(before);
        assertThat(http.get("/api/v1/rooms/never-used/messages", null).status()).as("an empty room polls empty").isEqualTo(200);
        assertThat(http.post("/api/v1/messages", KEY, GOOD).status()).as("and the node still works").isEqualTo(202);
        assertThat(store.head(RoomId.of("r1"))).isNotEqualTo(before);
    }
}
