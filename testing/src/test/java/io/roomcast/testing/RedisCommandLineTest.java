package io.roomcast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisCommandLineTest {
    private static final Path BINARY = Path.of("/opt/redis/redis-server");
    private static final Path DIR = Path.of("/tmp/roomcast-redis-1");

    @Test
    void givenNotDurable_command_turnsTheAppendOnlyFileOffAndEndsWithTheExtraArguments() {
        List<String> command = RedisCommandLine.command(BINARY, 6390, DIR, false, List.of("--maxclients", "20000"));

        assertThat(command).containsExactly("/opt/redis/redis-server",
                "--port", "6390",
                "--bind", "127.0.0.1",
                "--dir", "/tmp/roomcast-redis-1",
                "--daemonize", "no",
                "--save", "",
                "--logfile", "redis.log",
                "--appendonly", "no",
                "--maxclients", "20000");
    }

    @Test
    void givenDurable_command_fsyncsTheAppendOnlyFileOnEveryWrite() {
        List<String> command = RedisCommandLine.command(BINARY, 6390, DIR, true, List.of());

        assertThat(command).endsWith("--logfile", "redis.log", "--appendonly", "yes", "--appendfsync", "always");
    }
}
