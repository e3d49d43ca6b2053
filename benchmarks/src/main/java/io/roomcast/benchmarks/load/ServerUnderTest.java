package io.roomcast.benchmarks.load;

import io.roomcast.client.EndpointClient;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The roomcast node a run drives: spawned by the generator as a child JVM
 * ({@code java -Xmx.. -jar roomcast.jar --setting=value ...}, on free loopback ports, with its own
 * API key, token secret and data directory, its GC logged to a file), or an already running node
 * given by {@code --server=host:port} (and {@code --server-pid} to measure it). Knows where to
 * publish, poll and connect, and how to read the node's CPU, memory and metrics.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final URI http;
    final InetSocketAddress tcp;
    final boolean tls;
    final String apiKey;
    final String tokenSecret;
    final long pid;
    final List<String> command;
    final Path gcLog;
    final Path log;
    final Map<String, String> settings;
    private final ChildProcess child;
    private final Path dataDir;
    /** How a spawned node was started (null: an external one), for {@link #another}. */
    private Spawn spawnedAs;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerUnderTest(URI http, InetSocketAddress tcp, boolean tls, String apiKey, String tokenSecret, long pid,
                            List<String> command, Path gcLog, Path log, Map<String, String> settings, ChildProcess child,
                            Path dataDir) {
        this.http = http;
        this.tcp = tcp;
        this.tls = tls;
        this.apiKey = apiKey;
        this.tokenSecret = tokenSecret;
        this.pid = pid;
        this.command = command;
        this.gcLog = gcLog;
        this.log = log;
        this.settings = settings;
        this.child = child;
        this.dataDir = dataDir;
    }

    /** How to start a node. {@code settings} are roomcast settings; ports, keys and paths are added here. */
    record Spawn(Path jar, String heap, List<String> jvmArgs, Map<String, String> settings, boolean tls, Path workDir,
                 long openFiles) {
    }

    static ServerUnderTest spawn(Spawn spec) {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalArgumentException("no server jar at " + spec.jar().toAbsolutePath()
                    + ": build it (mvn -pl bootstrap -am install -DskipTests) or give --server-jar=");
        }
        int[] ports = FreePorts.loopback(2);
        int httpPort = ports[0];
        int tcpPort = ports[1];
        Path dataDir = spec.workDir().resolve("server-data");
        Path gcLog = spec.workDir().resolve("server-gc.log");
        Path log = spec.workDir().resolve("server.log");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("store", "memory");
        settings.put("data.dir", dataDir.toString());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("tcp.host", "127.0.0.1");
        settings.put("tcp.port", Integer.toString(tcpPort));
        settings.put("tcp.advertise", "127.0.0.1:" + tcpPort);
        settings.put("tcp.tls", Boolean.toString(spec.tls()));
        settings.put("api.keys", "load-" + random(16));
        settings.put("token.secret", random(32));
        settings.putAll(spec.settings());
        String apiKey = settings.get("api.keys");
        String secret = settings.get("token.secret");
        List<String> java = new ArrayList<>();
        java.add(ChildProcess.javaBinary());
        java.add("-Xmx" + spec.heap());
        java.add("-Xlog:gc:file=" + gcLog + ":uptime");
        java.addAll(spec.jvmArgs());
        java.add("-jar");
        java.add(spec.jar().toString());
        settings.forEach((k, v) -> java.add("--" + k + "=" + v));
        List<String> command = java;
        if (spec.openFiles() > 0) {
            // The JVM raises its soft limit to the hard one by itself; a larger limit needs the shell.
            command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + spec.openFiles() + " && exec \"$@\"", "roomcast"));
            command.addAll(java);
        }
        ChildProcess child = ChildProcess.start(command, log);
        URI http = URI.create("http://127.0.0.1:" + httpPort);
        ServerUnderTest server = new ServerUnderTest(http, new InetSocketAddress("127.0.0.1", tcpPort), spec.tls(), apiKey,
                secret, child.pid(), command, gcLog, log, settings, child, dataDir);
        server.spawnedAs = spec;
        try {
            server.awaitHealthy();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Another node like this spawned one, for a cluster: the same jar, heap, JVM flags, TLS and
     * settings (so the same store and Redis), the same API key and token secret, its own free ports,
     * {@code node.id} and work directory ({@code workDir}, for its log, GC log and data).
     */
    ServerUnderTest another(String nodeId, Path workDir) {
        if (spawnedAs == null) {
            throw new IllegalStateException("only a node the generator spawned can be copied");
        }
        Map<String, String> same = new LinkedHashMap<>(spawnedAs.settings());
        same.put("api.keys", apiKey);
        same.put("token.secret", tokenSecret);
        same.put("node.id", nodeId);
        return spawn(new Spawn(spawnedAs.jar(), spawnedAs.heap(), spawnedAs.jvmArgs(), same, tls, workDir, spawnedAs.openFiles()));
    }

    /** A node that is already running; its long-connection endpoint is asked from its HTTP API unless given. */
    static ServerUnderTest external(String hostPort, long pid, String apiKey, String tokenSecret, boolean tls, String tcp,
                                    String room) {
        URI http = URI.create("http://" + hostPort);
        InetSocketAddress tcpAddress;
        if (tcp != null) {
            tcpAddress = parse(tcp);
        } else {
            try {
                EndpointResponse where = new EndpointClient(http).fetch(room,
                        new UserTokens(tokenSecret).issue("loadgen-endpoint", Duration.ofMinutes(5)));
                tcpAddress = parse(where.getTcp(0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot ask " + http + " for its long-connection endpoint", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        ServerUnderTest server = new ServerUnderTest(http, tcpAddress, tls, apiKey, tokenSecret, pid,
                List.of("(already running; not started by the generator)"), null, null, Map.of(), null, null);
        server.awaitHealthy();
        return server;
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    boolean spawned() {
        return child != null;
    }

    /** The node's process under /proc, or null when its pid is unknown. */
    ProcFs proc() {
        return pid > 0 ? ProcFs.of(pid) : null;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (child != null && !child.alive()) {
                throw new IllegalStateException("the server exited during start-up; its log (" + log + ") ends with:\n"
                        + child.tail(30));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("the server at " + http + " was not healthy within " + START_TIMEOUT.toSeconds() + " s"
                + (child != null ? "; its log ends with:\n" + child.tail(30) : ""));
    }

    /** {@code GET /metrics}, parsed; empty when the scrape fails (the run goes on without it). */
    PrometheusText metrics() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? PrometheusText.parse(r.body()) : PrometheusText.empty();
        } catch (IOException e) {
            return PrometheusText.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PrometheusText.empty();
        }
    }

    JvmTools.Pauses gcPauses() {
        return JvmTools.pauses(gcLog);
    }

    /** Stops a spawned node (SIGTERM, then SIGKILL after the grace) and removes its data directory; leaves an external one alone. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
            deleteTree(dataDir);
        }
    }

    static int freePort() {
        return FreePorts.loopback(1)[0];
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left behind in the work directory; harmless.
                }
            });
        } catch (IOException e) {
            // Left behind in the work directory; harmless.
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Who does the server's TLS work, as its log says ({@code TLS by ...}), or "unknown" (a server
     * driven with {@code --server=} and no log here, or an older build).
     */
    String tlsProvider() {
        if (log == null || !Files.isReadable(log)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("TLS by ")).findFirst()
                    .map(l -> l.substring(l.indexOf("TLS by ") + "TLS by ".length()).trim()).orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
