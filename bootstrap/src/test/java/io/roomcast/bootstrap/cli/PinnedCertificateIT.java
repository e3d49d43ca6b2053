package io.roomcast.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.client.EndpointClient;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippet as written, against a node with no certificate configured: {@code
 * roomcast cert > roomcast-cert.pem}, a token from {@code roomcast token}, then
 * {@code Tls.trustPem(Path.of("roomcast-cert.pem"))} with host name verification. After a restart
 * on the same data directory the node presents the same certificate, so the pinned client connects again.
 */
class PinnedCertificateIT {
    private static final String KEY = "k-0123456789abcdef";

    @TempDir
    Path work;

    @Test
    void givenNoConfiguredCertificate_clientPinningTheCertCommandsOutput_connects_alsoAfterARestart() throws Exception {
        String[] settings = {"--data.dir=" + work.resolve("data"), "--api.keys=" + KEY, "--http.host=127.0.0.1",
            "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=" + Run.freePort()};
        Run cert = Run.of(Map.of(), concat("cert", settings));
        Files.writeString(work.resolve("roomcast-cert.pem"), cert.out());
        Path pem = work.resolve("roomcast-cert.pem");
        String token = Run.of(Map.of(), concat("token", "--user=alice", settings[0])).out().trim();

        try (Roomcast node = Roomcast.start(Settings.load(settings, Map.of()))) {
            List<Message> received = new CopyOnWriteArrayList<>();
            try (LongConnectionClient viewer = connect(node, token, pem, received)) {
                assertThat(viewer.firstWelcome().get(20, TimeUnit.SECONDS).getSessionId()).isNotEmpty();
                publish(node.httpPort(), "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"NOTIFY\","
                        + "\"priority\":\"CRITICAL\",\"payload\":{\"notice\":\"hello\"}}");
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> received.size() == 1);
            }
        }
        assertThat(Run.of(Map.of(), concat("cert", settings)).out()).as("the same certificate after a restart").isEqualTo(cert.out());
        try (Roomcast node = Roomcast.start(Settings.load(settings, Map.of()));
             LongConnectionClient viewer = connect(node, token, pem, new CopyOnWriteArrayList<>())) {
            assertThat(viewer.firstWelcome().get(20, TimeUnit.SECONDS).getSessionId()).isNotEmpty();
        }
    }

    /** The README's snippet, with {@code render} collecting the entries. */
    private static LongConnectionClient connect(Roomcast node, String token, Path pem, List<Message> received) throws Exception {
        EndpointResponse where = new EndpointClient(URI.create("http://127.0.0.1:" + node.httpPort())).fetch("r1", token);
        return LongConnectionClient.builder()
                .endpoints(where).tls(Tls.trustPem(pem)).token(token).room("r1")
                .listener(new LongConnectionListener() {
                    @Override
                    public void onBlock(Block block) {
                        received.addAll(block.getEntriesList());
                    }
                })
                .build().start();
    }

    private static void publish(int port, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/messages")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
