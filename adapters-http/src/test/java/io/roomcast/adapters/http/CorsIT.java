package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.DeliveryRules;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CORS on a real server and real sockets: preflights, allowed and other origins, the default of none. */
class CorsIT {
    private static final String ALLOWED = "https://a.example";
    private static final String OTHER = "https://evil.example";
    private TestApi api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    private TestApi api(List<String> origins) {
        api = new TestApi(DeliveryRules.defaults(), TestApi.config().withCorsOrigins(origins));
        return api;
    }

    private TestApi.Answer preflight(String origin, String path) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
    }

    private TestApi.Answer poll(String origin) {
        return api.send(HttpRequest.newBuilder(api.uri("/api/v1/rooms/r1/messages")).GET().header("Origin", origin));
    }

    @Test
    void allowedOrigin_preflight_is204WithMethodsHeadersAndMaxAge() {
        api(List.of(ALLOWED, "http://localhost:3000"));

        TestApi.Answer answer = preflight(ALLOWED, "/api/v1/messages");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
        assertThat(answer.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST, OPTIONS");
        assertThat(answer.headers().firstValue("access-control-allow-headers")).hasValue("Authorization, Content-Type, Accept");
        assertThat(answer.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(answer.headers().allValues("vary")).contains("Origin");
    }

    @Test
    void otherOrigin_preflight_is403WithoutCorsHeaders() {
        api(List.of(ALLOWED));

        TestApi.Answer answer = preflight(OTHER, "/api/v1/messages");

        assertThat(answer.error(403, "FORBIDDEN")).contains(OTHER).contains("http.cors.origins");
        assertThat(answer.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(answer.headers().firstValue("access-control-allow-methods")).isEmpty();
    }

    @Test
    void allowedOrigin_poll_carriesAllowOriginAndVary_otherOriginGetsTheAnswerWithoutThem() {
        api(List.of(ALLOWED));

        TestApi.Answer allowed = poll(ALLOWED);
        TestApi.Answer other = poll(OTHER);

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
        assertThat(allowed.headers().allValues("vary")).contains("Origin");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(other.headers().allValues("vary")).contains("Origin");
    }

    @Test
    void everyOrigin_answersStar_withoutVary() {
        api(List.of("*"));

        assertThat(preflight(OTHER, "/api/v1/rooms/r1/messages").headers().firstValue("access-control-allow-origin"))
                .hasValue("*");
        TestApi.Answer poll = poll(OTHER);
        assertThat(poll.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(poll.headers().allValues("vary")).doesNotContain("Origin");
    }

    @Test
    void noOriginsByDefault_preflightIs405_andNoAnswerCarriesCorsHeaders() {
        api(List.of());

        TestApi.Answer answer = preflight(ALLOWED, "/api/v1/messages");

        assertThat(answer.error(405, "METHOD_NOT_ALLOWED")).contains("OPTIONS");
        assertThat(answer.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(poll(ALLOWED).headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void webSocketRoute_withoutThePushPath_is404SayingWhy() {
        api(List.of());

        assertThat(api.get("/api/v1/ws").error(404, "NOT_FOUND")).contains("tcp.enabled=false");
    }
}
