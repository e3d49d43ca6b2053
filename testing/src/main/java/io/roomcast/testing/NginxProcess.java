package io.roomcast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code nginx} caching reverse proxy for tests: the Debian package's binary, started on a
 * free loopback port with a config written into its own temporary directory (pid file, logs, temp
 * paths and the cache all there, so neither root nor {@code /var} is needed), proxying {@code /} to
 * one upstream through {@code proxy_cache}. Stopped with SIGTERM (nginx's fast shutdown takes its
 * workers along) and its directory deleted on {@link #close}.
 *
 * <pre>{@code
 * try (NginxProcess nginx = NginxProcess.start("127.0.0.1", node.httpPort())) {
 *     URI uri = URI.create(nginx.url("/api/v1/rooms/r1/slices"));
 *     long reached = nginx.upstreamRequests(uri -> uri.endsWith("/slices/42"));
 * }
 * }</pre>
 *
 * <p>The cache follows the upstream's {@code Cache-Control} only (no {@code proxy_cache_valid}: an
 * answer without caching headers is not kept); concurrent misses of one key become one upstream
 * request ({@code proxy_cache_lock}); an expired answer is served while one request refreshes it in
 * the background; the key includes {@code Accept}. Every request, and every background refresh
 * ({@code log_subrequest on}), is a line of {@link #accessLog()}; a line whose upstream address is
 * set reached the upstream, so {@link #upstreamRequests} counts exactly what the upstream was asked.
 *
 * <p>The binary is {@code /usr/sbin/nginx}, or the file named by {@code NGINX}. Not thread-safe; a
 * JVM shutdown hook ends servers a test left running.
 */
public final class NginxProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_MILLIS = 15_000;
    private static final String ACCESS_LOG = "access.log";
    private static final String ERROR_LOG = "error.log";
    private static final Pattern STUB_STATUS = Pattern.compile("Reading: (\\d+) Writing: (\\d+)");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(NginxProcess::terminate),
                "nginx-reaper"));
    }

    private final Path binary;
    private final Path dir;
    private final int port;
    private final String config;
    private Process process;

    private NginxProcess(Path binary, Path dir, int port, String config) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.config = config;
    }

    /** An nginx on a free loopback port caching what {@code upstreamHost:upstreamPort} answers. */
    public static NginxProcess start(String upstreamHost, int upstreamPort) throws IOException {
        return start(upstreamHost, upstreamPort, NginxConfig.DEFAULT_CONNECTIONS);
    }

    /**
     * The same, its one worker taking up to {@code connections} connections at once (clients and
     * upstream together; the default is {@value NginxConfig#DEFAULT_CONNECTIONS}), e.g. for a load run.
     */
    public static NginxProcess start(String upstreamHost, int upstreamPort, int connections) throws IOException {
        Path binary = findBinary();
        return ChildProcesses.startOnFreePort(port -> new NginxProcess(binary, Files.createTempDirectory("roomcast-nginx-"),
                port, NginxConfig.text(port, upstreamHost + ":" + upstreamPort, runsAsRoot(), connections)),
                NginxProcess::launch);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The cache directives of every {@code location} that nginx caches roomcast's answers in, one a
     * line, as in {@link #config()} and in {@code deploy/nginx-slices.conf}.
     */
    public static List<String> cacheDirectives() {
        return NginxConfig.CACHE_DIRECTIVES;
    }

    /** The whole {@code nginx.conf} this server runs with (paths relative to {@link #dir()}). */
    public String config() {
        return config;
    }

    /** The master's and its workers' process ids (for measuring their CPU); empty when stopped. */
    public List<Long> pids() {
        if (!isAlive()) {
            return List.of();
        }
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).map(ProcessHandle::pid).toList();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Every line of the access log so far, parsed (nginx writes a line when a request ends). */
    public List<AccessLine> accessLog() {
        Path log = dir.resolve("logs").resolve(ACCESS_LOG);
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).map(AccessLine::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /**
     * How many client requests nginx is reading or answering now ({@code stub_status}'s Reading +
     * Writing, less the status request itself): a request waiting for the upstream, or for the
     * cache lock, counts.
     */
    public int requestsInProgress() throws IOException {
        String status = get("/nginx_status");
        Matcher m = STUB_STATUS.matcher(status);
        if (!m.find()) {
            throw new IOException("unexpected stub_status answer: " + status);
        }
        return Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) - 1;
    }

    private String get(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** How many requests (and background refreshes) reached the upstream. */
    public long upstreamRequests() {
        return upstreamRequests(uri -> true);
    }

    /** How many requests (and background refreshes) whose request URI matches reached the upstream. */
    public long upstreamRequests(Predicate<String> requestUri) {
        return accessLog().stream().filter(AccessLine::reachedUpstream).filter(l -> requestUri.test(l.requestUri()))
                .count();
    }

    /** Ends nginx with SIGTERM (its fast shutdown ends the workers) and waits for it. */
    public void stop() {
        Process p = process;
        if (p != null) {
            terminate(p);
            RUNNING.remove(p);
        }
    }

    /** Stops nginx and deletes its directory. */
    @Override
    public void close() {
        stop();
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "nginx " + url("/") + (isAlive() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
    }

    private void launch() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("temp")); // nginx makes only the last part of a temp path
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config, StandardCharsets.UTF_8);
        // -e: nginx opens its error log before reading the config; the built-in one is under /var/log.
        process = ChildProcesses.launch(List.of(binary.toString(), "-p", dir + "/", "-c", conf.toString(),
                "-e", "logs/" + ERROR_LOG, "-g", "daemon off;"), dir, "nginx.out");
        RUNNING.add(process);
        awaitReady();
    }

    private void awaitReady() throws IOException {
        try {
            ChildProcesses.awaitReady(process, "nginx on port " + port, READY_TIMEOUT_MILLIS, this::accepts, this::logTail);
        } catch (IOException e) {
            stop();
            throw e;
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM to the master, which ends its workers; SIGKILL to all of them if it has not ended in 10 s. */
    private static void terminate(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        return ChildProcesses.tail(dir.resolve("logs").resolve(ERROR_LOG), dir.resolve("nginx.out"));
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBinary() throws IOException {
        String configured = System.getenv("NGINX");
        Path binary = configured != null && !configured.isBlank() ? Path.of(configured.strip()) : Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            throw new IOException("nginx not found at " + binary + ": install the Debian package (apt-get install nginx)"
                    + " or point NGINX at an nginx binary");
        }
        return binary;
    }

    /**
     * One access log line: the cache status ({@code HIT}, {@code MISS}, {@code EXPIRED}, {@code STALE},
     * {@code UPDATING}, {@code REVALIDATED}, {@code BYPASS}, or {@code -} when the cache was not
     * used), the status sent, the upstream address ({@code -} when the upstream was not asked) and
     * the request URI.
     */
    public record AccessLine(String cacheStatus, int status, String upstreamAddress, String requestUri) {
        static AccessLine parse(String line) {
            String[] fields = line.split("\t", 4);
            if (fields.length != 4) {
                throw new IllegalArgumentException("not an access log line of ours: " + line);
            }
            return new AccessLine(fields[0], Integer.parseInt(fields[1]), fields[2], fields[3]);
        }

        /** True when this request (or background refresh) was sent to the upstream. */
        public boolean reachedUpstream() {
            return !upstreamAddress.equals("-");
        }
    }
}
