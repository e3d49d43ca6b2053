package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpLimitsTest {

    @Test
    void defaults_areGenerousForWellBehavedClients() {
        HttpLimits limits = HttpLimits.defaults();
        assertThat(limits.pollsPerSecondPerAddress()).isEqualTo(200);
        assertThat(limits.pollsPerSecondPerViewer()).isEqualTo(10);
        assertThat(limits.authFailuresPerMinute()).isEqualTo(20);
        assertThat(limits.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(limits.bodyTimeoutMs()).isEqualTo(30_000);
        assertThat(limits.trustForwardedFor()).isFalse();
    }

    @Test
    void withers_setTheirFields() {
        HttpLimits limits = HttpLimits.defaults().withPollsPerSecond(1, 2).withAuthFailuresPerMinute(3)
                .withTimeouts(400, 500).withTrustForwardedFor(true);
        assertThat(limits).isEqualTo(new HttpLimits(1, 2, 3, 400, 500, true));
    }

    @Test
    void badValues_failNamingTheSetting() {
        assertThatThrownBy(() -> HttpLimits.defaults().withPollsPerSecond(-1, 1))
                .hasMessageStartingWith("pollsPerSecondPerAddress: must be 0-");
        assertThatThrownBy(() -> HttpLimits.defaults().withAuthFailuresPerMinute(-5))
                .hasMessageStartingWith("authFailuresPerMinute");
        assertThatThrownBy(() -> HttpLimits.defaults().withTimeouts(10, 1_000)).hasMessageStartingWith("headerTimeoutMs");
        assertThatThrownBy(() -> HttpLimits.defaults().withTimeouts(1_000, 700_000)).hasMessageStartingWith("bodyTimeoutMs");
    }
}
