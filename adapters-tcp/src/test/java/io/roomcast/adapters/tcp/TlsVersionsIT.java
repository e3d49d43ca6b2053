package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The long-connection port speaks TLS 1.2 and 1.3 only: a client offering only TLS 1.0 or 1.1 is
 * refused in the handshake. The JDK's own client will not even offer those any more, so the client
 * here is the {@code openssl} command, told to allow them (the test is skipped where there is none).
 */
class TlsVersionsIT {

    private static boolean hasOpenssl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "openssl").canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** The output of a handshake attempt with exactly {@code version}. */
    private static String handshake(int port, String version) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-" + version, "-brief"));
        if (!version.equals("tls1_3")) {
            command.addAll(List.of("-cipher", "DEFAULT:@SECLEVEL=0"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenClientsOfEachTlsVersion_onlyTls12And13_completeTheHandshake() throws Exception {
        assumeTrue(hasOpenssl(), "no openssl command");
        try (Backend backend = Backend.realTime(50)) {
            int port = backend.server(Backend.config()).port();
            assertThat(handshake(port, "tls1_3")).contains("Protocol version: TLSv1.3");
            assertThat(handshake(port, "tls1_2")).contains("Protocol version: TLSv1.2");
            assertThat(handshake(port, "tls1_1")).doesNotContain("Protocol version: TLSv1.1").doesNotContain("no protocols available");
            assertThat(handshake(port, "tls1")).doesNotContain("Protocol version: TLSv1\n").doesNotContain("no protocols available");
        }
    }
}
