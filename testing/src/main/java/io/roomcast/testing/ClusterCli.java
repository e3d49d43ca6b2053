package io.roomcast.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-cli} run as a child process for {@link RedisClusterProcess}: one command per run,
 * its output as text. {@code redis-cli} exits 0 on an error reply too, so callers say what a
 * good answer looks like ({@link #expect}). Thread-safe (no state).
 */
final class ClusterCli {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    ClusterCli(Path binary) {
        this.binary = binary;
    }

    /** Runs {@code args} against the server on {@code port}; the reply, trimmed. */
    String command(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    /** As {@link #command}, but an unreachable server answers empty (for polling). */
    String quietly(int port, String... args) throws IOException {
        String out = command(port, args);
        return out.startsWith("Could not connect") ? "" : out;
    }

    /** Runs a command on {@code port} and fails unless its reply contains {@code good}. */
    void expect(int port, String good, String... args) throws IOException {
        String out = command(port, args);
        if (!out.contains(good)) {
            throw new IOException("redis-cli -p " + port + " " + String.join(" ", args) + " answered: " + out);
        }
    }

    /** Runs {@code redis-cli args} (no server chosen: {@code --cluster ...}) and fails unless its output contains {@code good}. */
    void expect(List<String> args, String good) throws IOException {
        String out = run(args);
        if (!out.contains(good)) {
            throw new IOException("redis-cli " + String.join(" ", args) + " answered: " + out);
        }
    }

    private String run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("redis-cli " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running redis-cli", e);
        }
    }
}
