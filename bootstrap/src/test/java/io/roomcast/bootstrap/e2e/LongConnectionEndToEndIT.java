package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.client.EndpointClient;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Message;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push path through the real launcher: a viewer asks HTTP where to connect, opens a TLS long
 * connection with its user token (self-signed certificate, trusted explicitly for the test), and
 * receives in blocks what a business server publishes over HTTP, including its own unicast; a
 * shutdown sends it GoAway.
 */
class LongConnectionEndToEndIT {
    private static final String KEY = "e2e-key-0123456789abcdef";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";

    @TempDir
    Path dataDir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void viewerOnTlsLongConnection_receivesPublishedMessagesInBlocks_andGoAwayOnShutdown() throws Exception {
        int tcpPort = freePort();
        Roomcast node = Roomcast.start(Settings.load(new String[] {
            "--data.dir=" + dataDir, "--http.host=127.0.0.1", "--http.port=0", "--tcp.host=127.0.0.1",
            "--tcp.port=" + tcpPort, "--api.keys=" + KEY, "--token.secret=" + SECRET, "--shutdown.grace.ms=8000"},
                Map.of()));
        List<Message> received = new CopyOnWriteArrayList<>();
        CountDownLatch goAway = new CountDownLatch(1);
        LongConnectionClient viewer = null;
        try {
            Http http = new Http(node.httpPort());
            String token = new JwtUserTokens(SECRET, Clock.system()).issue(UserId.of("alice"), Duration.ofMinutes(5),
                    System.currentTimeMillis());
            EndpointResponse endpoint = new EndpointClient(URI.create("http://127.0.0.1:" + node.httpPort()))
                    .fetch("r1", token);
            assertThat(endpoint.getTcpList()).containsExactly("127.0.0.1:" + tcpPort);

            viewer = LongConnectionClient.builder().endpoints(endpoint).tls(Tls.insecureTrustAll()).token(token)
                    .room("r1").listener(new LongConnectionListener() {
                        @Override
                        public void onBlock(Block block) {
                            received.addAll(block.getEntriesList());
                        }

                        @Override
                        public void onGoAway(GoAway message) {
                            goAway.countDown();
                        }
                    }).build().start();
            assertThat(viewer.firstWelcome().get(20, TimeUnit.SECONDS).getHeartbeatMs()).isEqualTo(30_000);

            assertThat(http.post("/api/v1/messages", KEY, "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"GIFT\","
                    + "\"giftValue\":5000,\"payload\":{\"gift\":\"rocket\"}}").status()).isEqualTo(202);
            assertThat(http.post("/api/v1/messages", KEY, "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"NOTIFY\","
                    + "\"priority\":\"CRITICAL\",\"payload\":{\"mute\":\"troll\"}}").status()).isEqualTo(202);
            assertThat(http.post("/api/v1/messages", KEY, "{\"scope\":\"user\",\"userId\":\"alice\",\"category\":\"NOTIFY\","
                    + "\"payload\":{\"dm\":\"thanks\"}}").status()).isEqualTo(202);
            assertThat(http.post("/api/v1/messages", KEY, "{\"scope\":\"room\",\"roomId\":\"r2\",\"category\":\"GIFT\","
                    + "\"giftValue\":5000,\"payload\":{\"gift\":\"elsewhere\"}}").status()).isEqualTo(202);

            for (int i = 0; i < 200 && received.size() < 3; i++) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(received).extracting(m -> m.getPayload().toStringUtf8())
                    .containsExactlyInAnyOrder("{\"gift\":\"rocket\"}", "{\"mute\":\"troll\"}", "{\"dm\":\"thanks\"}");
            assertThat(viewer.lastCursor()).isNotEmpty();
        } finally {
            node.close();
        }
        assertThat(goAway.await(10, TimeUnit.SECONDS)).as("GoAway on shutdown").isTrue();
        viewer.close();
    }
}
