package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void givenHostPort_parse_splitsIt() {
        assertThat(Endpoint.parse("live.example:9443")).isEqualTo(new Endpoint("live.example", 9443));
        assertThat(Endpoint.parse("[::1]:9443")).isEqualTo(new Endpoint("::1", 9443));
        assertThat(Endpoint.parse("[::1]:9443").toString()).isEqualTo("[::1]:9443");
    }

    @Test
    void givenNonsense_parse_failsClearly() {
        assertThatThrownBy(() -> Endpoint.parse("nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Endpoint.parse("::1:9443")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> Endpoint.parse("h:99999")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> Endpoint.parse("h:x")).hasMessageContaining("host:port");
    }
}
