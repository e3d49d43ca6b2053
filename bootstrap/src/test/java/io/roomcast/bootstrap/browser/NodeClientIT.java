package io.roomcast.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client's own tests ({@code client-js/test/*.test.js}, Node's test runner) against
 * the jar this build just made: each test file starts real roomcast nodes from it. Node's TAP report
 * goes to the build output and to {@code target/node-client-tests.tap}. The packages were installed
 * from the lockfile by the client-js module ({@code npm ci}) earlier in the same build.
 */
class NodeClientIT {
    private static final Path CLIENT = Path.of("..", "client-js").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "roomcast.jar").toAbsolutePath();

    @Test
    void theJavaScriptClientsNodeTests_passAgainstTheBuiltJar() throws Exception {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        assertThat(CLIENT.resolve("node_modules")).as("npm ci ran in the client-js module").isDirectory();
        Path report = Path.of("target", "node-client-tests.tap").toAbsolutePath();
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=tap",
                "--test-reporter-destination=" + report, "--test-reporter=spec", "--test-reporter-destination=stdout")
                .directory(CLIENT.toFile()).redirectErrorStream(true).inheritIO();
        node.environment().put("NODE_TEST_JAR", JAR.toString());
        node.environment().put("NODE_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        node.environment().keySet().removeIf(name -> name.startsWith("ROOMCAST_"));
        Process process = node.start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("node --test finished").isTrue();
        String tap = Files.exists(report) ? Files.readString(report) : "(no report)";
        assertThat(process.exitValue()).as("node --test exit code; TAP report:%n%s", tap).isZero();
        assertThat(tap).contains("# fail 0").containsPattern("# pass [1-9]");
    }
}
