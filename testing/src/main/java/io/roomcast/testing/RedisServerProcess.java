package io.roomcast.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests: started on a free loopback port in its own temporary
 * directory, checked ready with {@code PING}, stopped and killed by its PID. Used by the redis
 * adapter's and bootstrap's integration tests and by the store benchmark.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     String url = redis.url();              // redis://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>{@link #start()} runs without persistence ({@code --save "" --appendonly no});
 * {@link #startDurable()} with the append-only file fsynced on every write ({@code --appendonly yes
 * --appendfsync always}), for tests that {@link #kill} it and {@link #restart} it on the same port
 * and directory. {@link #pause} and {@link #resume} freeze it (SIGSTOP / SIGCONT) to act a hang.
 *
 * <p>{@link #externalUrl()} is the {@code REDIS_URL} environment variable, for suites that would
 * rather use a Redis someone else runs (tests may flush its data). The binary is
 * {@code redis-server} on the {@code PATH} or {@code /usr/bin/redis-server}, or the file named by
 * {@code REDIS_SERVER}. Not thread-safe; a JVM shutdown hook kills servers a test left running.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** The environment variable naming an external Redis to use instead of starting one. */
    public static final String REDIS_URL = "REDIS_URL";

    private static final long READY_TIMEOUT_MILLIS = 15_000;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-reaper"));
    }

    private final Path binary;
    private final Path dir;
    private final boolean durable;
    private final List<String> arguments;
    private final int port;
    private Process process;

    private RedisServerProcess(Path binary, Path dir, boolean durable, List<String> arguments, int port) {
        this.binary = binary;
        this.dir = dir;
        this.durable = durable;
        this.arguments = List.copyOf(arguments);
        this.port = port;
    }

    /** The {@code REDIS_URL} environment variable, when set and not blank. */
    public static Optional<String> externalUrl() {
        return Optional.ofNullable(System.getenv(REDIS_URL)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A Redis that keeps nothing on disk. */
    public static RedisServerProcess start() throws IOException {
        return start(false, List.of());
    }

    /**
     * A Redis that keeps nothing on disk, with more {@code redis-server} arguments after the
     * defaults (a later one wins), e.g. {@code List.of("--maxclients", "20000")} for a load run.
     */
    public static RedisServerProcess start(List<String> arguments) throws IOException {
        return start(false, arguments);
    }

    /** A Redis with its append-only file fsynced on every write: what it acknowledged survives a kill. */
    public static RedisServerProcess startDurable() throws IOException {
        return start(true, List.of());
    }

    /**
     * A durable Redis Cluster node that belongs to no cluster yet ({@code --cluster-enabled yes}, its
     * {@code nodes.conf} in its directory, a node timeout of 2 s, its cluster bus on a free port of its
     * own and {@code --cluster-require-full-coverage no}, so the other masters go on serving while one
     * is down); {@link RedisClusterProcess} makes three of them a cluster. {@link #restart} keeps its
     * port, directory, node id and slots.
     */
    public static RedisServerProcess startClusterNode() throws IOException {
        return start(true, () -> List.of("--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000",
                "--cluster-require-full-coverage", "no",
                "--cluster-port", Integer.toString(freePort())));
    }

    private static RedisServerProcess start(boolean durable, List<String> arguments) throws IOException {
        return start(durable, () -> arguments);
    }

    private static RedisServerProcess start(boolean durable, PortArguments arguments) throws IOException {
        Path binary = RedisCommandLine.findBinary();
        return ChildProcesses.startOnFreePort(port -> new RedisServerProcess(binary,
                Files.createTempDirectory("roomcast-redis-"), durable, arguments.get(), port), RedisServerProcess::launch);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The server's process id; throws when it is not running. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Ends the server with SIGTERM (Redis flushes its append-only file and exits) and waits for it. */
    public void stop() {
        end(false);
    }

    /** Ends the server with SIGKILL, as a crash would, and waits for it. */
    public void kill() {
        end(true);
    }

    /** Freezes the server with SIGSTOP: connections stay open but nothing is answered, as when Redis hangs. */
    public void pause() throws IOException {
        signal("-STOP");
    }

    /** Lets a {@link #pause paused} server go on (SIGCONT). */
    public void resume() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill " + signal + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling redis-server", e);
        }
    }

    /** Starts the server again on the same port and directory (its append-only file, if durable). */
    public void restart() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("redis-server is still running as " + process.pid());
        }
        launch();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        end(true);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "redis-server " + url() + (isAlive() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
    }

    private void launch() throws IOException {
        process = ChildProcesses.launch(RedisCommandLine.command(binary, port, dir, durable, arguments), dir,
                "redis.out");
        RUNNING.add(process);
        awaitReady();
    }

    private void awaitReady() throws IOException {
        try {
            ChildProcesses.awaitReady(process, "redis-server on port " + port, READY_TIMEOUT_MILLIS, this::answersPing,
                    this::logTail);
        } catch (IOException e) {
            end(true);
            throw e;
        }
    }

    /**
     * Closes every pub/sub client's connection ({@code CLIENT KILL TYPE pubsub}), as a network
     * blip or Redis's output-buffer limit would.
     *
     * @return how many connections were closed
     */
    public long killPubSub() throws IOException {
        String answer = command("CLIENT KILL TYPE pubsub");
        if (!answer.startsWith(":")) {
            throw new IOException("CLIENT KILL TYPE pubsub answered '" + answer + "'");
        }
        return Long.parseLong(answer.substring(1));
    }

    /**
     * {@code CLIENT PAUSE millis ALL}: Redis keeps every connection but answers no client's command
     * for {@code millis}, then runs what waited (a failover's or an operator's pause).
     */
    public void clientPause(long millis) throws IOException {
        String answer = command("CLIENT PAUSE " + millis + " ALL");
        if (!answer.equals("+OK")) {
            throw new IOException("CLIENT PAUSE answered '" + answer + "'");
        }
    }

    /** Sends one inline command on a connection of its own and returns the first line of the reply. */
    private String command(String inline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[64];
            int n = socket.getInputStream().read(reply);
            return n > 0 ? new String(reply, 0, n, StandardCharsets.US_ASCII).strip() : "";
        }
    }

    /** True when the server answers {@code +PONG} (not while it is still loading its data). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void end(boolean forcibly) {
        Process p = process;
        if (p == null) {
            return;
        }
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(p);
    }

    private String logTail() {
        return ChildProcesses.tail(dir.resolve("redis.log"), dir.resolve("redis.out"));
    }

    /** Arguments chosen afresh at each start attempt (a free port may be gone by the next one). */
    @FunctionalInterface
    private interface PortArguments {
        List<String> get() throws IOException;
    }

    private static int freePort() throws IOException {
        return ChildProcesses.freePort();
    }
}
