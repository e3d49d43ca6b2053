package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.policy.AdmissionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static final String KEY = "k-0123456789abcdef";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Settings withSecrets(String... args) {
        return Settings.load(args, Map.of()).with(Setting.API_KEYS, KEY).with(Setting.TOKEN_SECRET, SECRET);
    }

    @Test
    void givenNothing_config_hasDocumentedDefaults() {
        RoomcastConfig c = RoomcastConfig.from(withSecrets());
        assertThat(c.store()).isEqualTo(StoreKind.CHRONICLE);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.tcpPort()).isEqualTo(9443);
        assertThat(c.tcpEnabled()).isTrue();
        assertThat(c.tcpTls()).isTrue();
        assertThat(c.tcpCert()).isNull();
        assertThat(c.heartbeatMillis()).isEqualTo(30_000);
        assertThat(c.tcpWriteBufferHighBytes()).isEqualTo(256 * 1024);
        assertThat(c.tcpWriteBufferLowBytes()).isEqualTo(64 * 1024);
        assertThat(c.tcpTlsProvider()).isEqualTo("auto");
        assertThat(c.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(c.rules().admission()).isEqualTo(AdmissionPolicy.ofRate(1_000));
        assertThat(c.rules().blocks().windowMillis()).isEqualTo(500);
        assertThat(c.rules().blocks().renderBudgetPerSecond()).isEqualTo(20);
        assertThat(c.pollCacheMillis()).isEqualTo(100);
        assertThat(c.retention().maxPerStream()).isEqualTo(10_000);
        assertThat(c.retention().longestAgeMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(c.apiKeys()).containsExactly(KEY);
    }

    @Test
    void givenEverySetting_asFlag_mapsToItsField() {
        RoomcastConfig c = RoomcastConfig.from(withSecrets("--store=redis", "--redis=redis://10.0.0.1:6380",
                "--data.dir=/var/roomcast", "--http.host=127.0.0.1", "--http.port=8081", "--http.max.body.bytes=2048",
                "--tcp.enabled=false", "--tcp.host=127.0.0.2", "--tcp.port=9444", "--tcp.tls=false",
                "--tcp.cert=/c.pem", "--tcp.key=/k.pem", "--tcp.advertise=a:1,b:2", "--tcp.max.connections=7",
                "--tcp.max.new.per.second=8", "--tcp.write.buffer.high.bytes=4096", "--tcp.write.buffer.low.bytes=2048", "--tcp.tls.provider=jdk", "--heartbeat.ms=5000", "--room.budget=50", "--block.window.ms=700",
                "--block.quiet.ms=90", "--render.budget=0", "--poll.cache.ms=0", "--retention.count=9",
                "--retention.seconds=60", "--shutdown.grace.ms=1234", "--redis.timeout.ms=300"));
        assertThat(c.store()).isEqualTo(StoreKind.REDIS);
        assertThat(c.redisUrl()).isEqualTo("redis://10.0.0.1:6380");
        assertThat(c.redisTimeoutMillis()).isEqualTo(300);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/roomcast"));
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(8081);
        assertThat(c.httpMaxBodyBytes()).isEqualTo(2048);
        assertThat(c.tcpEnabled()).isFalse();
        assertThat(c.tcpHost()).isEqualTo("127.0.0.2");
        assertThat(c.tcpPort()).isEqualTo(9444);
        assertThat(c.tcpTls()).isFalse();
        assertThat(c.tcpCert()).isEqualTo(Path.of("/c.pem"));
        assertThat(c.tcpKey()).isEqualTo(Path.of("/k.pem"));
        assertThat(c.tcpAdvertise()).containsExactly("a:1", "b:2");
        assertThat(c.tcpMaxConnections()).isEqualTo(7);
        assertThat(c.tcpMaxNewPerSecond()).isEqualTo(8);
        assertThat(c.tcpWriteBufferHighBytes()).isEqualTo(4096);
        assertThat(c.tcpWriteBufferLowBytes()).isEqualTo(2048);
        assertThat(c.tcpTlsProvider()).isEqualTo("jdk");
        assertThat(c.heartbeatMillis()).isEqualTo(5000);
        assertThat(c.rules().admission().messagesPerSecond()).isEqualTo(50);
        assertThat(c.rules().blocks().windowMillis()).isEqualTo(700);
        assertThat(c.rules().blocks().quietMillis()).isEqualTo(90);
        assertThat(c.rules().blocks().renderBudgetPerSecond()).isZero();
        assertThat(c.pollCacheMillis()).isZero();
        assertThat(c.retention().maxPerStream()).isEqualTo(9);
        assertThat(c.retention().longestAgeMillis()).isEqualTo(60_000);
        assertThat(c.shutdownGraceMillis()).isEqualTo(1234);
    }

    @Test
    void givenFlagEnvAndFile_flagWinsOverEnvironmentWhichWinsOverFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roomcast.properties");
        Files.writeString(file, "http.port=7001\ntcp.port=7002\nstore=memory\n");
        Settings s = Settings.load(new String[] {"--config=" + file, "--http.port=7003"},
                Map.of("ROOMCAST_HTTP_PORT", "7004", "ROOMCAST_TCP_PORT", "7005"));
        assertThat(s.get(Setting.HTTP_PORT)).isEqualTo("7003");
        assertThat(s.get(Setting.TCP_PORT)).isEqualTo("7005");
        assertThat(s.get(Setting.STORE)).isEqualTo("memory");
        assertThat(s.source(Setting.STORE)).contains("file");
        assertThat(s.source(Setting.TCP_PORT)).contains("ROOMCAST_TCP_PORT");
    }

    @Test
    void givenArchitectureEnvironmentVariables_theyAreRecognised() {
        Settings s = Settings.load(new String[0], Map.of("ROOMCAST_STORE", "redis", "ROOMCAST_REDIS_URL", "redis://h:1",
                "ROOMCAST_DATA_DIR", "/d", "ROOMCAST_API_KEYS", "a,b", "ROOMCAST_TOKEN_SECRET", "s",
                "ROOMCAST_HTTP_PORT", "1", "ROOMCAST_TCP_PORT", "2"));
        assertThat(s.get(Setting.STORE)).isEqualTo("redis");
        assertThat(s.get(Setting.REDIS_URL)).isEqualTo("redis://h:1");
        assertThat(s.get(Setting.DATA_DIR)).isEqualTo("/d");
        assertThat(s.list(Setting.API_KEYS)).containsExactly("a", "b");
        assertThat(s.get(Setting.TOKEN_SECRET)).isEqualTo("s");
    }

    @Test
    void givenUnknownOrInvalidSettings_startUpStops_namingTheSettingAndValidValues(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.load(new String[] {"--colour=blue"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--colour").hasMessageContaining("http.port");
        assertThatThrownBy(() -> Settings.load(new String[] {"store=redis"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--setting=value");
        assertThatThrownBy(() -> Settings.load(new String[0], Map.of("ROOMCAST_HTTP_PROT", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ROOMCAST_HTTP_PROT").hasMessageContaining("ROOMCAST_HTTP_PORT");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "http.prot=1\n");
        assertThatThrownBy(() -> Settings.load(new String[] {"--config=" + file}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.prot");
        assertThatThrownBy(() -> Settings.load(new String[] {"--config=" + dir.resolve("missing")}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");

        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--store=cassandra")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store").hasMessageContaining("[chronicle, redis, memory]");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--http.port=eighty")))
                .hasMessageContaining("http.port").hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--http.port=70000")))
                .hasMessageContaining("http.port").hasMessageContaining("out of range");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--tcp.tls=maybe")))
                .hasMessageContaining("tcp.tls").hasMessageContaining("true or false");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--store=redis", "--redis=localhost:6379")))
                .hasMessageContaining("redis.url");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--tcp.cert=/c.pem")))
                .hasMessageContaining("tcp.key");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets("--tcp.advertise=nohost")))
                .hasMessageContaining("tcp.advertise");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets().with(Setting.TOKEN_SECRET, "short")))
                .hasMessageContaining("token.secret").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> RoomcastConfig.from(withSecrets().with(Setting.API_KEYS, "tiny")))
                .hasMessageContaining("api.keys");
    }
}
