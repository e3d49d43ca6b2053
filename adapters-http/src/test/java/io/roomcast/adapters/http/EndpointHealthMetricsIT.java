package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** The service routes on a real server: the endpoint, health and metrics. */
class EndpointHealthMetricsIT extends PublishAndPollFixture {
    @Test
    void endpoint_withUserToken_answersTheAdvertisedEndpoints() throws Exception {
        TestApi.Answer json = api.get("/api/v1/endpoint?roomId=r1", "Bearer " + TestTokens.valid("u1"), null);
        TestApi.Answer proto = api.get("/api/v1/endpoint?roomId=r1", "Bearer " + TestTokens.valid("u1"),
                "application/x-protobuf");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.text()).isEqualTo("{\"tcp\":[\"" + TestApi.TCP + "\"],\"heartbeatMs\":30000}\n");
        assertThat(EndpointResponse.parseFrom(proto.body()).getTcpList()).containsExactly(TestApi.TCP);
    }

    @Test
    void health_isUpWhileTheStoreAnswers_andDownWhenItDoesNot() {
        TestApi.Answer up = api.get("/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.text()).as("JSON answers end with a newline").isEqualTo("{\"status\":\"up\"}\n");

        api.store.down(true);
        TestApi.Answer down = api.get("/health");

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").getAsString()).isEqualTo("down");
        assertThat(down.json().getAsJsonObject("error").get("code").getAsString()).isEqualTo("STORE_UNAVAILABLE");
    }

    @Test
    void metrics_exposePublishesPollsAndLatencyHistograms() {
        api.publishJson(GIFT);
        api.poll("r1", "cursor=0");
        api.poll("r1", "cursor=bad");

        // A request is timed when its exchange ends, just after the client has its answer: allow for that.
        String pollTimer = "roomcast_http_requests_seconds_count{route=\"/api/v1/rooms/{roomId}/messages\",status=\"400\"} 1";
        TestApi.Answer metrics = api.get("/metrics");
        for (int i = 0; i < 100 && !metrics.text().contains(pollTimer); i++) {
            metrics = api.get("/metrics");
        }

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text())
                .contains("roomcast_published_total{status=\"accepted\"} 1.0")
                .contains("roomcast_polls_total{viewer=\"guest\"} 1.0")
                .contains("roomcast_poll_messages_total 1.0")
                .contains("roomcast_http_requests_seconds_bucket{route=\"/api/v1/messages\",status=\"202\",le=")
                .contains(pollTimer);
    }
}
