package io.roomcast.bootstrap.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real roomcast node for the cluster tests: {@code java -jar target/roomcast.jar} as a child
 * process on free loopback ports, registered as {@code node.id=<name>} with its loopback endpoint, its output in {@code <dir>/node.log}, started once {@code /health}
 * answers 200 (waited for with Awaitility, failing at once if the process exits). {@link #stop}
 * sends SIGTERM, {@link #kill9} SIGKILL, {@link #freeze} and {@link #thaw} SIGSTOP and SIGCONT. Not thread-safe.
 */
final class NodeProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "roomcast.jar");

    private final String name;
    private final Path dir;
    private final int httpPort;
    private final int tcpPort;
    private final Process process;

    private NodeProcess(String name, Path dir, int httpPort, int tcpPort, Process process) {
        this.name = name;
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.process = process;
    }

    /** Starts node {@code name} under {@code work/name} with {@code settings} (flags) besides its ports and data directory. */
    static NodeProcess start(Path work, String name, List<String> settings) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the fat jar is built in the package phase");
        }
        Path dir = Files.createDirectories(work.resolve(name));
        int http = freePort();
        int tcp = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "--data.dir=" + dir.resolve("data"),
                "--http.host=127.0.0.1", "--http.port=" + http, "--tcp.host=127.0.0.1", "--tcp.port=" + tcp,
                "--node.id=" + name, "--node.endpoint=127.0.0.1:" + tcp));
        command.addAll(settings);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        NodeProcess node = new NodeProcess(name, dir, http, tcp, process);
        try {
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("node " + name + " exited early:\n" + node.logTail());
                }
                return client.send(HttpRequest.newBuilder(node.base().resolve("/health")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
        } catch (RuntimeException | Error e) {
            node.kill9();
            throw e;
        }
        return node;
    }

    String name() {
        return name;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    int tcpPort() {
        return tcpPort;
    }

    /** The long-connection endpoint the node registers ({@code node.endpoint}). */
    String endpoint() {
        return "127.0.0.1:" + tcpPort;
    }

    /** The long connections the node holds now ({@code roomcast_tcp_connections} on {@code /metrics}). */
    int connections() throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("roomcast_tcp_connections ")).findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).orElseThrow(
                        () -> new AssertionError("no roomcast_tcp_connections in " + name + "'s metrics"));
    }

    /** SIGTERM: the node drains and exits. */
    void stop() {
        end(false);
    }

    /** SIGKILL, as a crash would. */
    void kill9() {
        end(true);
    }

    /** SIGSTOP: the whole process stands still (no thread runs, sockets stay open), as a long pause would. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** The last lines of the node's output, for failure messages. */
    String logTail() {
        try {
            String log = Files.readString(dir.resolve("node.log"));
            return log.length() > 4_000 ? log.substring(log.length() - 4_000) : log;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void end(boolean forcibly) {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
