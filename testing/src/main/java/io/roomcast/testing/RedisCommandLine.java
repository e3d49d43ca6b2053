package io.roomcast.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code redis-server} command line of a {@link RedisServerProcess}: where the binaries are
 * ({@code REDIS_SERVER}, the {@code PATH}, {@code /usr/bin}) and the arguments it starts with.
 * Thread-safe (no state).
 */
final class RedisCommandLine {
    private RedisCommandLine() {
    }

    /**
     * {@code binary} on {@code port} of the loopback, in {@code dir}, logging to {@code redis.log},
     * without snapshots; the append-only file fsynced on every write when {@code durable}, else
     * off; then {@code arguments} (a later one wins).
     */
    static List<String> command(Path binary, int port, Path dir, boolean durable, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--save", "",
                "--logfile", "redis.log"));
        if (durable) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(arguments);
        return command;
    }

    /** {@code redis-cli}: next to the {@code redis-server} in use, else on the {@code PATH} or in {@code /usr/bin}. */
    static Path findCli() throws IOException {
        Path beside = findBinary().resolveSibling("redis-cli");
        if (Files.isExecutable(beside)) {
            return beside;
        }
        return find("redis-cli", "the Debian package redis-tools (a dependency of redis-server)");
    }

    static Path findBinary() throws IOException {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return find("redis-server", "redis-server (apt-get install redis-server), point REDIS_SERVER at it, or set "
                + RedisServerProcess.REDIS_URL + " to a running Redis");
    }

    private static Path find(String name, String install) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        Path fallback = Path.of("/usr/bin", name);
        if (Files.isExecutable(fallback)) {
            return fallback;
        }
        throw new IOException(name + " not found on PATH or at " + fallback + ": install " + install);
    }
}
