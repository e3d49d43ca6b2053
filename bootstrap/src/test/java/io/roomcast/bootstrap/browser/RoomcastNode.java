package io.roomcast.bootstrap.browser;

import static org.awaitility.Awaitility.await;

import io.roomcast.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as a child process on free loopback ports, with a fixed API key and token secret,
 * for the browser tests; {@link #restart} kills it ({@code kill -9}) and starts it again on the same
 * ports and data directory.
 */
final class RoomcastNode implements AutoCloseable {
    static final String KEY = "browser-test-api-key-0123456789";
    static final String SECRET = "browser-test-token-secret-0123456789-abcdef";
    private static final Path JAR = Path.of("target", "roomcast.jar");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> command = new ArrayList<>();
    private final Path log;
    private final int httpPort;
    private Process process;

    RoomcastNode(Path work, String store) throws IOException {
        int[] ports = FreePorts.loopback(2);
        this.httpPort = ports[0];
        this.log = work.resolve("roomcast.log");
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toAbsolutePath().toString(), "--store=" + store, "--data.dir=" + work.resolve("data"),
                "--http.host=127.0.0.1", "--http.port=" + httpPort, "--tcp.host=127.0.0.1", "--tcp.port=" + ports[1],
                "--api.keys=" + KEY, "--token.secret=" + SECRET, "--heartbeat.ms=2000",
                // The tests count every message shown; the per-viewer render budget would skip some of a burst.
                "--render.budget=0"));
        start();
    }

    private void start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get("/health", null).statusCode() == 200);
    }

    /** Kills the node as a crash would, then starts it again with the same ports and data. */
    void restart() throws Exception {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes a JSON body (one message or an array); answers the body of the 202. */
    String publish(String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/messages")))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new AssertionError("publish answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
