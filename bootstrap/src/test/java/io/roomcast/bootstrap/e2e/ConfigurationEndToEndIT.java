package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.client.EndpointClient;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.EndpointResponse;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings through the real launcher: what the README promises of them holds. */
class ConfigurationEndToEndIT {
    private static final String KEY = "e2e-key-0123456789abcdef";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void givenTcpPortZero_nodeStarts_andEndpointNamesTheBoundPortAndHeartbeat() throws Exception {
        try (Roomcast node = Roomcast.start(Settings.load(new String[] {
            "--data.dir=" + dataDir, "--http.host=127.0.0.1", "--http.port=0", "--tcp.host=127.0.0.1",
            "--tcp.port=0", "--tcp.tls=false", "--heartbeat.ms=600000", "--api.keys=" + KEY, "--token.secret=" + SECRET},
                Map.of()))) {
            assertThat(node.tcpPort()).isPositive();
            String token = new JwtUserTokens(SECRET, Clock.system()).issue(UserId.of("alice"), Duration.ofMinutes(5),
                    System.currentTimeMillis());
            EndpointResponse endpoint = new EndpointClient(URI.create("http://127.0.0.1:" + node.httpPort()))
                    .fetch("r1", token);
            assertThat(endpoint.getTcpList()).containsExactly("127.0.0.1:" + node.tcpPort());
            assertThat(endpoint.getHeartbeatMs()).isEqualTo(600_000);
            try (Socket tcp = new Socket("127.0.0.1", node.tcpPort())) {
                assertThat(tcp.isConnected()).isTrue();
            }
        }
    }
}
