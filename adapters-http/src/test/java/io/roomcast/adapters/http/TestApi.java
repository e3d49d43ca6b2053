package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.service.MarkPollerPresentService;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.SliceService;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.domain.policy.SlicePolicy;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.application.service.RoomActivity;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A real {@link HttpServer} on a free port, wired with the real application services over an
 * in-memory store and a hand-moved clock, and a client to talk to it.
 */
final class TestApi implements AutoCloseable {
    static final String API_KEY = "test-api-key-0123456789";
    static final String TCP = "tcp.example.com:9443";

    final ManualClock clock = new ManualClock();
    final SwitchableStore store = new SwitchableStore(new InMemoryMessageStore(Retention.defaults(), clock));
    final FakeRoomDirectory directory = new FakeRoomDirectory();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TestApi() {
        this(DeliveryRules.defaults(), config());
    }

    /** Without per-client limits: the clock stands still here, so any rate limit would bite these tests. */
    TestApi(DeliveryRules rules, HttpConfig config) {
        this(rules, config, HttpLimits.defaults().withPollsPerSecond(0, 0).withAuthFailuresPerMinute(0));
    }

    TestApi(DeliveryRules rules, HttpConfig config, HttpLimits limits) {
        this(rules, config, limits, SlicePolicy.defaults());
    }

    TestApi(DeliveryRules rules, HttpConfig config, HttpLimits limits, SlicePolicy slices) {
        RoomActivity activity = new RoomActivity(clock, directory);
        server = new HttpServer(config, limits,
                new PublishMessageService(store, Fanout.none(), clock, rules, activity),
                new PollRoomService(store, directory, clock, rules),
                new SliceService(store, RoomCensus.local(directory), clock, rules, slices),
                new MarkPollerPresentService(directory, clock),
                activity, new TestTokens()::verify, store, rules, clock, registry,
                (room, excludeSelf) -> config.advertisedTcpEndpoints(), OpenSessionUseCase.none());
        server.start();
    }

    /** Guests' answers are not kept: the clock only moves by hand, so tests opt in with {@code withPollCacheMs}. */
    static HttpConfig config() {
        return HttpConfig.defaults(Set.of(API_KEY)).withHost("127.0.0.1").withPort(0)
                .withAdvertisedTcpEndpoints(List.of(TCP)).withPollCacheMs(0).withThreads(2, 8);
    }

    @Override
    public void close() {
        server.stop();
    }

    Cursor head(String room) {
        return store.head(RoomId.of(room));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** An answer, read whole. */
    record Answer(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return JsonParser.parseString(text()).getAsJsonObject();
        }

        /** Checks the status; returns the JSON body. */
        JsonObject json(int expectedStatus) {
            assertThat(status).as("status of %s", text()).isEqualTo(expectedStatus);
            return json();
        }

        String contentType() {
            return headers.firstValue("content-type").orElse(null);
        }

        /** Checks the status and the error body's shape; returns the message. */
        String error(int expectedStatus, String code) {
            assertThat(status).as("status of %s", text()).isEqualTo(expectedStatus);
            assertThat(contentType()).isEqualTo("application/json");
            JsonObject root = json();
            assertThat(root.keySet()).containsExactly("error");
            JsonObject error = root.getAsJsonObject("error");
            assertThat(error.keySet()).containsExactly("code", "message");
            assertThat(error.get("code").getAsString()).isEqualTo(code);
            return error.get("message").getAsString();
        }
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer publishJson(String json) {
        return send(HttpRequest.newBuilder(uri("/api/v1/messages"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer post(String contentType, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/messages"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b);
    }

    Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    Answer get(String pathAndQuery, String authorization, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b);
    }

    Answer poll(String room, String query) {
        return get("/api/v1/rooms/" + room + "/messages" + (query.isEmpty() ? "" : "?" + query));
    }
}
