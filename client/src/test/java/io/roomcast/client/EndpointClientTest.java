package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.protocol.v1.EndpointResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndpointClientTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenTheJsonAnswer_fetch_readsTheEndpoints_sendingTheTokenAndRoom() throws Exception {
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(200, "application/json",
                utf8("{\"tcp\":[\"a.example:9443\",\"[::1]:9443\"],\"heartbeatMs\":30000,\"newField\":1}")))) {
            EndpointResponse answer = new EndpointClient(http.base()).fetch("r 1", "tok");
            assertThat(answer.getTcpList()).containsExactly("a.example:9443", "[::1]:9443");
            assertThat(answer.getHeartbeatMs()).isEqualTo(30_000);
            FakeHttp.Request request = http.requests.get(0);
            assertThat(request.path()).isEqualTo("/api/v1/endpoint");
            assertThat(request.query()).isEqualTo("roomId=r+1");
            assertThat(request.authorization()).isEqualTo("Bearer tok");
            assertThat(LongConnectionClient.builder().endpoints(answer)).isNotNull();
        }
    }

    @Test
    void givenAnErrorBody_fetch_throwsItsStatusAndCode() throws Exception {
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(401, "application/json",
                utf8("{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"token expired\"}}")))) {
            assertThatThrownBy(() -> new EndpointClient(http.base()).fetch("r1", "old"))
                    .isInstanceOfSatisfying(RoomcastHttpException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("UNAUTHENTICATED");
                        assertThat(e.getMessage()).contains("token expired");
                    });
        }
    }

    @Test
    void givenNoEndpoint_fetch_failsClearly() throws Exception {
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(200, "application/json", utf8("{\"tcp\":[]}")))) {
            assertThatThrownBy(() -> new EndpointClient(http.base()).fetch("r1", null)).hasMessageContaining("no long-connection endpoint");
        }
    }
}
