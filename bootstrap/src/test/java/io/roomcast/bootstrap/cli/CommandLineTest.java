package io.roomcast.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.config.ConfigException;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the real command line, in process, on files in a temporary data directory. */
class CommandLineTest {
    @TempDir
    Path dir;

    private String data() {
        return "--data.dir=" + dir.resolve("data");
    }

    @Test
    void helpAndVersion_everywhere_exitZeroAndDescribe() {
        Run help = Run.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "token", "config", "cert", "--setting=value", "Exit codes");
        Run shortHelp = Run.of("-h");
        assertThat(shortHelp.exitCode()).isZero();
        assertThat(shortHelp.out()).isEqualTo(help.out());
        for (String command : new String[] {"serve", "token", "config", "cert"}) {
            Run commandHelp = Run.of(command, "--help");
            assertThat(commandHelp.exitCode()).as(command).isZero();
            assertThat(commandHelp.out()).as(command).contains("Usage: roomcast " + command);
            assertThat(Run.of(command, "--version").out()).as(command).startsWith("roomcast ");
        }
        Run version = Run.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("roomcast ").contains("Java ");
    }

    @Test
    void givenUnknownCommandOrSetting_exitsTwoWithOneLineNamingIt() {
        Run unknown = Run.of("srve");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("roomcast: unknown command 'srve'; commands are serve, token, config and cert,"
                + " settings are --key=value (roomcast --help)\n");
        Run badSetting = Run.of("config", "--heartbeat.ms=700000");
        assertThat(badSetting.exitCode()).isEqualTo(2);
        assertThat(badSetting.err()).isEqualTo(
                "roomcast: setting heartbeat.ms (flag --heartbeat.ms): 700000 is out of range; valid: 1000 to 600000\n");
        Run unknownSetting = Run.of("serve", "--htp.port=1");
        assertThat(unknownSetting.exitCode()).isEqualTo(2);
        assertThat(unknownSetting.err()).startsWith("roomcast: flag --htp.port is not a roomcast setting");
    }

    @Test
    void token_isSignedWithTheDataDirectorysSecret_forTheUser_withTheTtl() throws Exception {
        Run run = Run.of("token", "--user=alice", "--ttl=2h", data());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.out().trim();
        assertThat(run.out()).isEqualTo(token + "\n");
        String secret = Files.readString(dir.resolve("data").resolve("token-secret")).trim();
        assertThat(dir.resolve("data").resolve("api-key")).as("a token needs no API key").doesNotExist();
        JwtUserTokens tokens = new JwtUserTokens(secret, Clock.system());
        assertThat(tokens.verify(token).value()).isEqualTo("alice");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertThat(exp - iat).isEqualTo(Duration.ofHours(2).toSeconds());
        Run again = Run.of(Map.of("ROOMCAST_TOKEN_SECRET", "configured-secret-0123456789abcdef-xyz"), "token", "--user=bob", data());
        assertThat(new JwtUserTokens("configured-secret-0123456789abcdef-xyz", Clock.system()).verify(again.out().trim()).value())
                .isEqualTo("bob");
    }

    @Test
    void token_givenBadUserOrTtl_exitsTwoNamingTheOption() {
        Run missing = Run.of("token", data());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--user=USER'");
        Run badUser = Run.of("token", "--user=al ice", data());
        assertThat(badUser.exitCode()).isEqualTo(2);
        assertThat(badUser.err()).startsWith("roomcast: --user: userId:");
        assertThat(Run.of("token", "--user=a", "--ttl=5x", data()).err())
                .isEqualTo("roomcast: --ttl: '5x' is not a duration; write 90s, 30m, 1h or 7d\n");
        assertThat(Run.of("token", "--user=a", "--ttl=400d", data()).err()).contains("out of range; valid: 1s to 365d");
        assertThat(TokenCommand.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TokenCommand.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TokenCommand.parseTtl("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TokenCommand.parseTtl("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> TokenCommand.parseTtl("0s")).isInstanceOf(ConfigException.class);
    }

    @Test
    void config_printsEverySettingWithValueSourceMeaningAndDefault_hidesSecrets_andGeneratesNothing() {
        Run run = Run.of(Map.of("ROOMCAST_TCP_PORT", "9555"), "config", data(), "--http.port=8081",
                "--token.secret=do-not-print-0123456789abcdef-0123456789");
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (Setting s : Setting.values()) {
            assertThat(run.out()).contains(s.key() + " = ").contains(s.description()).contains(s.envName());
        }
        assertThat(run.out()).contains("http.port = 8081   (flag --http.port)")
                .contains("tcp.port = 9555   (environment ROOMCAST_TCP_PORT)")
                .contains("store = chronicle   (default)")
                .contains("token.secret = (set, not shown)")
                .doesNotContain("do-not-print")
                .endsWith("All settings are valid.\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void configExample_isAPropertiesFileOfEverySettingAtItsDefault() throws Exception {
        Run run = Run.of("config", "--example");
        assertThat(run.exitCode()).isZero();
        Path file = dir.resolve("roomcast.properties");
        Files.writeString(file, run.out());
        Settings commented = Settings.load(new String[] {"--config=" + file}, Map.of());
        Arrays.stream(Setting.values()).forEach(s -> assertThat(commented.source(s)).isEqualTo("default"));
        Files.writeString(file, run.out().replaceAll("(?m)^#([a-z][a-z.]*=)", "$1"));
        Settings uncommented = Settings.load(new String[] {"--config=" + file}, Map.of());
        for (Setting s : Setting.values()) {
            assertThat(uncommented.source(s)).as(s.key()).startsWith("file");
            assertThat(uncommented.get(s)).as(s.key()).isEqualTo(s.defaultValue());
        }
        assertThat(RoomcastConfig.from(uncommented.with(Setting.API_KEYS, "k-0123456789abcdef")
                .with(Setting.TOKEN_SECRET, "0123456789abcdef0123456789abcdef")).tcp().port()).isEqualTo(9443);
    }

    @Test
    void cert_writesTheSelfSignedCertificateOnce_andPrintsTheSameEveryTime() throws Exception {
        Run first = Run.of("cert", data());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(first.out().getBytes(StandardCharsets.US_ASCII)));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=roomcast self-signed");
        assertThat(cert.getNotAfter().toInstant()).isAfter(java.time.Instant.now().plus(Duration.ofDays(3000)));
        assertThat(Files.readString(dir.resolve("data").resolve(TlsFiles.CERT_FILE))).isEqualTo(first.out());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("data").resolve(TlsFiles.KEY_FILE)))).isEqualTo("rw-------");
        assertThat(Run.of("cert", data()).out()).isEqualTo(first.out());
    }

    @Test
    void cert_givenNoTls_exitsTwoSayingThereIsNone() {
        Run run = Run.of("cert", data(), "--tcp.tls=false");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("use no TLS here").contains("tcp.tls=false");
    }
}
