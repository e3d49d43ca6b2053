package io.roomcast.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What {@link RedisServerProcess} and {@link NginxProcess} share: ports, readiness, logs, directories. */
final class ChildProcesses {
    private static final int LOG_TAIL_CHARS = 2_000;

    private ChildProcesses() {
    }

    /** A loopback port that was free a moment ago (bound and released: another process may take it). */
    static int freePort() {
        return FreePorts.loopback(1)[0];
    }

    /** Starts {@code command} in {@code dir}, its output and errors appended to {@code dir/output}. */
    static Process launch(List<String> command, Path dir, String output) throws IOException {
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(output).toFile()))
                .start();
    }

    /**
     * Makes a server on a free port and launches it; when the launch fails (another process took
     * the port meanwhile, say), closes it and tries again on another port, five times in all.
     */
    static <T extends AutoCloseable> T startOnFreePort(OnPort<T> create, Launch<T> launch) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            T server = create.at(freePort());
            try {
                launch.launch(server);
                return server;
            } catch (IOException e) {
                last = e;
                try {
                    server.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
        }
        throw last;
    }

    /** A server (not started yet) that will listen on {@code port}. */
    @FunctionalInterface
    interface OnPort<T> {
        T at(int port) throws IOException;
    }

    /** Starts a server made by {@link OnPort}; returns once it is ready. */
    @FunctionalInterface
    interface Launch<T> {
        void launch(T server) throws IOException;
    }

    /**
     * Waits until {@code ready} holds, checking every 20 ms; throws with {@code logTail} when the
     * process exits first or {@code timeoutMillis} pass (the caller ends the process then).
     */
    static void awaitReady(Process process, String what, long timeoutMillis, BooleanSupplier ready,
            Supplier<String> logTail) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + ": " + logTail.get());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20); // polling a child process that is starting; no test time passes here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
        throw new IOException(what + " was not ready within " + timeoutMillis + " ms: " + logTail.get());
    }

    /** The last 2,000 characters of the files that exist, one after the other. */
    static String tail(Path... logs) {
        StringBuilder text = new StringBuilder();
        try {
            for (Path log : logs) {
                if (Files.exists(log)) {
                    text.append(Files.readString(log));
                }
            }
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
        return text.length() > LOG_TAIL_CHARS ? text.substring(text.length() - LOG_TAIL_CHARS) : text.toString();
    }

    /** Deletes a directory and everything in it. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
