package io.roomcast.bootstrap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.adapters.tcp.SelfSignedCertificate;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.StoreKind;
import io.roomcast.testing.NginxProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under {@code deploy/}, read as their tools would: nothing here can build an image or
 * boot a unit, so each file is parsed and held to what roomcast is (its default ports, its setting
 * names, its exit codes, the jar's path); the unit is also given to {@code systemd-analyze verify}
 * where that exists, and must pass without a warning.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern ENV_NAME = Pattern.compile("\\bROOMCAST_[A-Z_]+\\b");
    private static final Set<String> KNOWN_ENV = Arrays.stream(Setting.values()).map(Setting::envName)
            .collect(Collectors.toSet());

    /** Dockerfile instructions, continuation lines joined, comments dropped: [keyword, arguments]. */
    private static List<String[]> instructions(Path dockerfile) throws IOException {
        List<String[]> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            int space = text.indexOf(' ');
            result.add(new String[] {text.substring(0, space), text.substring(space + 1).strip()});
            current.setLength(0);
        }
        assertThat(current).as("no dangling continuation").isEmpty();
        return result;
    }

    private static List<String> valuesOf(List<String[]> instructions, String keyword) {
        return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    @Test
    void dockerfile_isMultiStage_runsTheBuiltJarAsANonRootUser_withTheDataVolumeAndAHealthCheck() throws IOException {
        Path dockerfile = DEPLOY.resolve("Dockerfile");
        List<String[]> all = instructions(dockerfile);
        Set<String> keywords = Set.of("FROM", "RUN", "COPY", "WORKDIR", "ENV", "VOLUME", "USER", "EXPOSE", "HEALTHCHECK",
                "ENTRYPOINT", "CMD", "ARG", "LABEL");
        assertThat(all).extracting(i -> i[0]).allMatch(keywords::contains);
        List<String> from = valuesOf(all, "FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).endsWith(" AS build").contains("temurin-17");
        assertThat(from.get(1)).contains("temurin:17-jre");
        assertThat(valuesOf(all, "RUN").get(0)).contains("mvn ").contains("-pl bootstrap -am package");
        assertThat(valuesOf(all, "COPY")).anyMatch(c -> c.startsWith("--from=build /src/bootstrap/target/roomcast.jar "));
        assertThat(Path.of("target", "roomcast.jar").toString()).as("the shade plugin's output, copied above")
                .isEqualTo("target/roomcast.jar");

        int lastFrom = all.indexOf(all.stream().filter(i -> i[0].equals("FROM")).reduce((a, b) -> b).orElseThrow());
        List<String[]> runtime = all.subList(lastFrom, all.size());
        String user = valuesOf(runtime, "USER").get(0);
        assertThat(user).doesNotStartWith("root").doesNotStartWith("0");
        List<String> order = runtime.stream().map(i -> i[0]).toList();
        assertThat(order.indexOf("USER")).as("USER before ENTRYPOINT").isLessThan(order.indexOf("ENTRYPOINT"));
        String dataDir = env(valuesOf(runtime, "ENV")).get(Setting.DATA_DIR.envName());
        assertThat(valuesOf(runtime, "VOLUME")).containsExactly("[\"" + dataDir + "\"]");
        assertThat(valuesOf(runtime, "EXPOSE")).containsExactly(Setting.HTTP_PORT.defaultValue() + " " + Setting.TCP_PORT.defaultValue());
        assertThat(valuesOf(runtime, "HEALTHCHECK")).singleElement().asString()
                .contains("/dev/tcp/127.0.0.1/" + Setting.HTTP_PORT.defaultValue()).contains("GET /health");
        assertThat(valuesOf(runtime, "ENTRYPOINT")).singleElement().asString().contains("\"-jar\", \"/opt/roomcast/roomcast.jar\"");
        assertThat(valuesOf(runtime, "CMD")).containsExactly("[\"serve\"]");
        assertKnownEnvironmentNames(dockerfile);
        assertThat(Files.readAllLines(DEPLOY.resolve("..").resolve(".dockerignore")))
                .as("the build context leaves out build output and data").contains("**/target", "**/data");
    }

    private static Map<String, String> env(List<String> envInstructions) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : envInstructions) {
            for (String pair : e.split("\\s+")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static void assertKnownEnvironmentNames(Path file) throws IOException {
        Matcher m = ENV_NAME.matcher(Files.readString(file));
        while (m.find()) {
            assertThat(KNOWN_ENV).as("%s names %s", file, m.group()).contains(m.group());
        }
    }

    /** [section] -> key -> values (a key may repeat). */
    private static Map<String, Map<String, List<String>>> unit(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), s -> new LinkedHashMap<>());
                continue;
            }
            assertThat(section).as("a key before any section: " + line).isNotNull();
            assertThat(line).as("key=value").contains("=");
            section.computeIfAbsent(line.substring(0, line.indexOf('=')), k -> new ArrayList<>())
                    .add(line.substring(line.indexOf('=') + 1));
        }
        return sections;
    }

    @Test
    void systemdUnit_runsTheJarUnprivileged_hardened_andDoesNotRestartOnABadSetting() throws IOException {
        Path file = DEPLOY.resolve("roomcast.service");
        Map<String, Map<String, List<String>>> unit = unit(file);
        assertThat(unit).containsOnlyKeys("Unit", "Service", "Install");
        Map<String, List<String>> service = unit.get("Service");
        assertThat(service.get("ExecStart")).singleElement().asString()
                .startsWith("/usr/bin/java ").contains(" -jar /opt/roomcast/roomcast.jar serve --config=/etc/roomcast/roomcast.properties");
        assertThat(service.get("User")).containsExactly("roomcast");
        assertThat(service.get("RestartPreventExitStatus")).as("exit code 2 is a bad setting").containsExactly("2");
        assertThat(service.get("SuccessExitStatus")).containsExactly("143");
        assertThat(service.get("StateDirectory")).containsExactly("roomcast");
        assertThat(service.get("Environment")).contains(Setting.DATA_DIR.envName() + "=/var/lib/roomcast");
        for (String hardening : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "PrivateDevices=yes", "RestrictSUIDSGID=yes", "CapabilityBoundingSet=")) {
            String key = hardening.substring(0, hardening.indexOf('='));
            assertThat(service.get(key)).as(key).containsExactly(hardening.substring(hardening.indexOf('=') + 1));
        }
        assertThat(service).as("the JIT writes and runs code").doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(Long.parseLong(service.get("TimeoutStopSec").get(0)) * 1000)
                .as("longer than the shutdown grace").isGreaterThan(Long.parseLong(Setting.SHUTDOWN_GRACE_MS.defaultValue()));
        assertThat(unit.get("Install").get("WantedBy")).containsExactly("multi-user.target");
        assertKnownEnvironmentNames(file);
    }

    @Test
    void systemdUnit_passesSystemdAnalyzeVerifyWithoutAWarning(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "the unit's /usr/bin/java is not here");
        Path copy = Files.copy(DEPLOY.resolve("roomcast.service"), dir.resolve("roomcast.service"));
        Process verify = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).as("warnings of systemd-analyze verify").isBlank();
    }

    @Test
    void exampleProperties_isAValidConfiguration_withoutSecrets() throws IOException {
        Path file = DEPLOY.resolve("roomcast.properties");
        Settings settings = Settings.load(new String[] {"--config=" + file}, Map.of());
        assertThat(settings.get(Setting.API_KEYS)).as("secrets stay out of the file").isEmpty();
        assertThat(settings.get(Setting.TOKEN_SECRET)).isEmpty();
        RoomcastConfig config = RoomcastConfig.from(settings.with(Setting.API_KEYS, "k-0123456789abcdef")
                .with(Setting.TOKEN_SECRET, "0123456789abcdef0123456789abcdef"));
        assertThat(config.store()).isEqualTo(StoreKind.CHRONICLE);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/roomcast"));
        assertThat(config.http().host()).as("behind the reverse proxy").isEqualTo("127.0.0.1");
        assertThat(config.tcp().tls().certPem()).isNotNull();
    }

    @Test
    void nginxExample_isBalanced_andProxiesTheHttpApiWithTls() throws IOException {
        String conf = Files.readAllLines(DEPLOY.resolve("nginx.conf")).stream()
                .map(line -> line.replaceAll("#.*", "")).collect(Collectors.joining("\n"));
        int depth = 0;
        for (char c : conf.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertThat(depth).isNotNegative();
        }
        assertThat(depth).as("balanced braces").isZero();
        for (String statement : conf.split("[;{}]")) {
            assertThat(statement.strip()).as("one statement per line").doesNotContain("\n");
        }
        assertThat(conf).contains("server 127.0.0.1:" + Setting.HTTP_PORT.defaultValue() + ";")
                .contains("listen 443 ssl;").contains("ssl_certificate ").contains("ssl_certificate_key ")
                .contains("proxy_pass http://roomcast_http;").contains("X-Forwarded-For");
    }

    /** The body of the location whose line starts with {@code opening}, up to its closing brace. */
    private static String block(String conf, String opening) {
        int start = conf.indexOf(opening);
        assertThat(start).as(opening).isNotNegative();
        return conf.substring(start, conf.indexOf("\n    }", start));
    }

    @Test
    void nginxExample_cachesSlices_withTheDirectivesNginxSlicesItRunsWith() throws IOException {
        String conf = Files.readString(DEPLOY.resolve("nginx.conf"));
        assertThat(conf).contains("proxy_cache_path /var/lib/nginx/roomcast-cache ").contains(" keys_zone=roomcast:");
        String slices = block(conf, "location ~ ^/api/v1/rooms/[^/]+/slices(/[^/]+)?$ {");
        assertThat(Pattern.compile("^/api/v1/rooms/[^/]+/slices(/[^/]+)?$").matcher("/api/v1/rooms/r-1/slices/1796716800"))
                .matches();
        for (String directive : NginxProcess.cacheDirectives()) {
            assertThat(slices).as("the slices location").contains("        " + directive + "\n");
        }
        assertThat(slices).contains("proxy_pass http://roomcast_http;").contains("proxy_set_header Authorization \"\";")
                .doesNotContain("proxy_cache_valid");
        assertThat(block(conf, "location / {")).as("personal polls are not cached").doesNotContain("proxy_cache");
        assertThat(block(conf, "location = /api/v1/ws {")).contains("proxy_set_header Upgrade $http_upgrade;");
    }

    /**
     * {@code nginx -t} on the example, inside an {@code http} block, with a generated certificate and
     * the cache under a temp directory; on an nginx older than 1.25.1 (Debian 12 has 1.22) without
     * the {@code http2 on;} line, which those do not know (they take {@code listen 443 ssl http2;}).
     */
    @Test
    void nginxExample_passesNginxTest(@TempDir Path dir) throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        Assumptions.assumeTrue(Files.isExecutable(nginx), "nginx is not installed (apt-get install nginx)");
        SelfSignedCertificate.generate("live1.example.com", Duration.ofDays(1))
                .writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String site = Files.readString(DEPLOY.resolve("nginx.conf"))
                .replace("/etc/letsencrypt/live/live1.example.com/fullchain.pem", dir.resolve("cert.pem").toString())
                .replace("/etc/letsencrypt/live/live1.example.com/privkey.pem", dir.resolve("key.pem").toString())
                .replace("/var/lib/nginx/roomcast-cache", dir.resolve("cache").toString());
        String version = run(nginx.toString(), "-v");
        if (version.matches("(?s).*nginx/1\\.(1\\d|2[0-4])\\..*")) {
            site = site.replace("    http2 on;\n", "");
        }
        Files.writeString(dir.resolve("site.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), "pid nginx.pid;\nevents {}\nhttp {\n"
                + "    client_body_temp_path temp-body;\n    proxy_temp_path temp-proxy;\n    fastcgi_temp_path temp-fastcgi;\n"
                + "    uwsgi_temp_path temp-uwsgi;\n    scgi_temp_path temp-scgi;\n    access_log off;\n"
                + "    include site.conf;\n}\n");
        String output = run(nginx.toString(), "-t", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString());
        assertThat(output).contains("test is successful").doesNotContain("[warn]");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
