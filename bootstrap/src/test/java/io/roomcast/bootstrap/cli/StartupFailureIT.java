package io.roomcast.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.adapters.tcp.SelfSignedCertificate;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every start-up failure through the real command line ({@code roomcast serve}, in process):
 * exit code 1 (the node cannot start) or 2 (a bad setting), and one line on standard error naming
 * the cause and the fix, no stack trace. Real ports, a real second node, real files.
 */
class StartupFailureIT {
    private static final String KEY = "--api.keys=k-0123456789abcdef";
    private static final String SECRET = "--token.secret=0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Run serve(String... settings) {
        String[] args = new String[settings.length + 4];
        args[0] = "serve";
        args[1] = "--data.dir=" + dir.resolve("data");
        args[2] = KEY;
        args[3] = SECRET;
        System.arraycopy(settings, 0, args, 4, settings.length);
        return Run.of(Map.of(), args);
    }

    private static void assertOneLine(Run run, int exitCode, String... parts) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err()).startsWith("roomcast: ").contains(parts).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.err().indexOf('\n')).as("one line: " + run.err()).isEqualTo(run.err().length() - 1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void givenHttpPortTaken_exitsOne_namingThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run run = serve("--store=memory", "--tcp.enabled=false", "--http.host=127.0.0.1", "--http.port=" + port);
            assertOneLine(run, 1, "cannot listen for HTTP on 127.0.0.1:" + port, "Fix: stop the program using port " + port,
                    "--http.port= (ROOMCAST_HTTP_PORT)");
        }
    }

    @Test
    void givenTcpPortTaken_exitsOne_namingThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run run = serve("--store=memory", "--tcp.tls=false", "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=" + port);
            assertOneLine(run, 1, "cannot listen for long connections on 127.0.0.1:" + port, "--tcp.port= (ROOMCAST_TCP_PORT)");
        }
    }

    @Test
    void givenNoRedisListening_exitsOne_sayingToStartItOrUseChronicle() throws Exception {
        int port = Run.freePort();
        Run run = serve("--store=redis", "--redis.url=redis://user:hunter2@127.0.0.1:" + port, "--redis.connect.timeout.ms=500",
                "--http.port=0", "--tcp.enabled=false");
        assertOneLine(run, 1, "cannot use Redis at redis://***@127.0.0.1:" + port, "Connection refused",
                "Fix: start Redis there", "--store=chronicle");
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void givenDataDirectoryInUseByAnotherNode_exitsOne_sayingToStopItOrUseAnother() {
        try (Roomcast first = Roomcast.start(Settings.load(new String[] {"--data.dir=" + dir.resolve("data"), KEY, SECRET,
            "--http.host=127.0.0.1", "--http.port=0", "--tcp.enabled=false"}, Map.of()))) {
            assertThat(first.httpPort()).isPositive();
            Run run = serve("--http.port=0", "--tcp.enabled=false");
            assertOneLine(run, 1, "the data directory " + dir.resolve("data") + " is in use by another roomcast node",
                    "Fix: stop that node, or give this one a data directory of its own with --data.dir=");
        }
    }

    @Test
    void givenBadCertificateFiles_exitsTwo_namingTheSettingAndTheProblem() throws Exception {
        int tcp = Run.freePort();
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        SelfSignedCertificate a = SelfSignedCertificate.generate("127.0.0.1", Duration.ofDays(30));
        a.writePem(dir.resolve("a-cert.pem"), dir.resolve("a-key.pem"));
        SelfSignedCertificate.generate("127.0.0.1", Duration.ofDays(30)).writePem(dir.resolve("b-cert.pem"), dir.resolve("b-key.pem"));
        SelfSignedCertificate.generate("127.0.0.1", Duration.ofDays(-2)).writePem(dir.resolve("old-cert.pem"), dir.resolve("old-key.pem"));
        String port = "--tcp.port=" + tcp;

        assertOneLine(serve(port, "--tcp.cert=" + garbage, "--tcp.key=" + dir.resolve("a-key.pem")), 2,
                "setting tcp.cert (flag --tcp.cert): " + garbage + " is not a PEM certificate");
        assertOneLine(serve(port, "--tcp.cert=" + dir.resolve("missing.pem"), "--tcp.key=" + dir.resolve("a-key.pem")), 2,
                "setting tcp.cert (flag --tcp.cert): cannot read " + dir.resolve("missing.pem"));
        assertOneLine(serve(port, "--tcp.cert=" + dir.resolve("a-cert.pem"), "--tcp.key=" + dir.resolve("b-key.pem")), 2,
                "setting tcp.key (flag --tcp.key): " + dir.resolve("b-key.pem") + " is not the EC private key of the certificate");
        assertOneLine(serve(port, "--tcp.cert=" + dir.resolve("a-cert.pem"), "--tcp.key=" + dir.resolve("a-cert.pem")), 2,
                "holds no PEM private key");
        assertOneLine(serve(port, "--tcp.cert=" + dir.resolve("old-cert.pem"), "--tcp.key=" + dir.resolve("old-key.pem")), 2,
                "the certificate in " + dir.resolve("old-cert.pem") + " expired on", "renew it");
    }

    @Test
    void givenGeneratedCertificateWithoutItsKey_exitsTwo_sayingToRestoreOrDeleteIt() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve(TlsFiles.CERT_FILE), "-----BEGIN CERTIFICATE-----\n");
        assertOneLine(serve("--tcp.port=" + Run.freePort()), 2, data.resolve(TlsFiles.CERT_FILE) + " exists without "
                + data.resolve(TlsFiles.KEY_FILE), "restore the missing file, or delete");
    }

    @Test
    void givenBadSetting_exitsTwo_namingItsValidValues() {
        assertOneLine(serve("--store=cassandra"), 2, "setting store (flag --store): 'cassandra' is not valid; valid: chronicle, redis, memory");
    }
}
