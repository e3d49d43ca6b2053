package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command for real: {@code java -jar bootstrap/target/roomcast.jar} as a child
 * process (the jar's manifest carries the JVM flags Chronicle needs), with no settings but ports
 * and a data directory. First start generates the secrets; SIGTERM shuts down cleanly; a bad
 * setting stops start-up with exit code 2 and a message naming it.
 */
class JarLaunchIT {
    private static final Path JAR = Path.of("target", "roomcast.jar");

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process launch(Path log, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(settings));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static Http.Answer waitForHealth(Http http, Process process, Path log) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("roomcast exited early:\n" + Files.readString(log));
            }
            try {
                Http.Answer health = http.get("/health", null);
                if (health.status() == 200) {
                    return health;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("roomcast did not become healthy:\n" + Files.readString(log));
    }

    @Test
    void givenOnlyPorts_jarStartsWithChronicleUnderDataAndSelfSignedTls_generatesSecrets_andStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        int port = freePort();
        int tcpPort = freePort();
        Path log = work.resolve("roomcast.log");
        Process process = launch(log, "--http.port=" + port, "--tcp.port=" + tcpPort);
        try {
            Http http = new Http(port);
            waitForHealth(http, process, log);

            Path key = work.resolve("data").resolve("api-key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(work.resolve("data").resolve("token-secret")).exists();
            String apiKey = Files.readString(key).trim();
            Http.Answer published = http.post("/api/v1/messages", apiKey, "{\"scope\":\"room\",\"roomId\":\"r1\","
                    + "\"category\":\"GIFT\",\"giftValue\":5000,\"senderId\":\"fan\",\"payload\":{\"gift\":\"rocket\"}}");
            assertThat(published.status()).isEqualTo(202);
            Http.Answer polled = http.get("/api/v1/rooms/r1/messages?cursor=0", null);
            assertThat(polled.body()).contains("rocket").contains("\"priority\":\"HIGH\"");
            assertThat(Files.list(work.resolve("data")).map(p -> p.getFileName().toString()))
                    .as("chronicle files under ./data").anyMatch(name -> name.contains("chronicle"));
            assertThat(Files.readString(log)).contains("generated one into").contains("self-signed")
                    .contains("memory: {MinHeapFreeRatio=10, MaxHeapFreeRatio=20, G1PeriodicGCInterval=15000}")
                    .contains("native heap trimmed every 15 s");
            try (java.net.Socket tcp = new java.net.Socket("127.0.0.1", tcpPort)) {
                assertThat(tcp.isConnected()).as("long connections listen on tcp.port").isTrue();
            }
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        assertThat(Files.readString(log)).contains("roomcast stopped").doesNotContain("Exception");
        assertThat(Files.readAllLines(log)).as("log lines start with an ISO-8601 local time with its offset")
                .filteredOn(line -> line.contains(" INFO ") || line.contains(" WARN ")).isNotEmpty()
                .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .*"));
    }

    @Test
    void givenUnknownOrInvalidSetting_jarExitsWithTwoNamingTheSetting() throws Exception {
        Path log = work.resolve("bad.log");
        Process unknown = launch(log, "--htp.port=1");
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("--htp.port").contains("http.port");

        Path log2 = work.resolve("bad2.log");
        Process invalid = launch(log2, "--store=cassandra");
        assertThat(invalid.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(invalid.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log2)).contains("store").contains("chronicle, redis, memory");

        Path log3 = work.resolve("bad3.log");
        Process outOfRange = launch(log3, "--heartbeat.ms=700000");
        assertThat(outOfRange.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(outOfRange.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log3))
                .contains("setting heartbeat.ms (flag --heartbeat.ms): 700000 is out of range; valid: 1000 to 600000")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void givenTcpPortZero_jarStartsOnAnyFreePort() throws Exception {
        int port = freePort();
        Path log = work.resolve("port0.log");
        Process process = launch(log, "--http.port=" + port, "--tcp.port=0", "--tcp.tls=false", "--memory.return.seconds=0");
        try {
            waitForHealth(new Http(port), process, log);
            assertThat(Files.readString(log)).contains("long connections on port").doesNotContain("Exception")
                    .doesNotContain("MinHeapFreeRatio");
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
    }

    @Test
    void givenHelpOrVersion_jarPrintsThemAndExitsZero() throws Exception {
        Path log = work.resolve("help.log");
        Process help = launch(log, "--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("Usage: roomcast", "serve", "token", "config", "cert");
        Path versionLog = work.resolve("version.log");
        Process version = launch(versionLog, "--version");
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(Files.readString(versionLog)).startsWith("roomcast 0.1.0");
    }

    @Test
    void givenStoreRedisWithNoRedisRunning_jarExitsOneWithAShortMessageNamingCauseAndFix() throws Exception {
        Path log = work.resolve("redis.log");
        Process process = launch(log, "--store=redis", "--redis=redis://127.0.0.1:" + freePort(),
                "--http.port=" + freePort(), "--tcp.port=" + freePort());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        String output = Files.readString(log);
        assertThat(output).contains("roomcast: cannot use Redis at redis://127.0.0.1:", "Fix: start Redis there")
                .doesNotContain("\tat ").doesNotContain("CreationException");
        assertThat(output.lines().count()).as(output).isLessThan(10);
    }

    @Test
    void givenJsonLoggingAtDebug_jarLogsOneJsonObjectPerLine_andTheFailuresStackTrace() throws Exception {
        Path log = work.resolve("json.log");
        Process process = launch(log, "--logging.format=json", "--logging.level=debug", "--store=redis",
                "--redis=redis://127.0.0.1:" + freePort(), "--http.port=" + freePort(), "--tcp.port=" + freePort());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(log);
        List<String> json = lines.stream().filter(line -> !line.startsWith("roomcast: ")).toList();
        assertThat(json).as(String.join("\n", lines)).isNotEmpty()
                .allMatch(line -> line.startsWith("{") && line.endsWith("}"));
        assertThat(json).anyMatch(line -> line.contains("\"level\":\"WARN\"") && line.contains("generated one into"));
        assertThat(json).as("the stack trace at debug").anyMatch(line -> line.contains("\"level\":\"DEBUG\"")
                && line.contains("roomcast stopped by") && line.contains("\"throwable\""));
        assertThat(lines).filteredOn(line -> line.startsWith("roomcast: ")).singleElement().asString()
                .contains("cannot use Redis");
    }
}
