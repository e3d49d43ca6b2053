package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.adapters.http.HttpConfig;
import io.roomcast.adapters.http.HttpLimits;
import io.roomcast.adapters.redis.RedisStoreConfig;
import io.roomcast.adapters.tcp.PushLimits;
import io.roomcast.adapters.tcp.ServerThreads;
import io.roomcast.adapters.tcp.TcpConfig;
import io.roomcast.adapters.tcp.TlsConfig;
import io.roomcast.adapters.tcp.ViewerFlow;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.policy.SlicePolicy;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Staleness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting through the paths users take, after Trino's {@code assertFullMapping}. */
class SettingsTest {
    private static final String KEY = "k-0123456789abcdef";
    private static final String KEY2 = "k-fedcba9876543210";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    /** A value unlike the default for every setting. */
    private static final Map<Setting, String> EVERY_SETTING = everySetting();

    private static Map<Setting, String> everySetting() {
        Map<Setting, String> m = new EnumMap<>(Setting.class);
        m.put(Setting.STORE, "redis");
        m.put(Setting.DATA_DIR, "/var/roomcast");
        m.put(Setting.REDIS_URL, "redis://10.0.0.1:6380");
        m.put(Setting.REDIS_TIMEOUT_MS, "300");
        m.put(Setting.REDIS_CONNECT_TIMEOUT_MS, "400");
        m.put(Setting.REDIS_RECONNECT_DELAY_MAX_MS, "500");
        m.put(Setting.CLUSTER_ENABLED, "false");
        m.put(Setting.HTTP_HOST, "127.0.0.1");
        m.put(Setting.HTTP_PORT, "8081");
        m.put(Setting.HTTP_MAX_BODY_BYTES, "2048");
        m.put(Setting.TCP_ENABLED, "false");
        m.put(Setting.TCP_HOST, "127.0.0.2");
        m.put(Setting.TCP_PORT, "9444");
        m.put(Setting.TCP_TLS, "false");
        m.put(Setting.TCP_CERT, "/c.pem");
        m.put(Setting.TCP_KEY, "/k.pem");
        m.put(Setting.TCP_ADVERTISE, "a.example:1, b.example:2");
        m.put(Setting.TCP_MAX_CONNECTIONS, "7");
        m.put(Setting.TCP_MAX_NEW_PER_SECOND, "8");
        m.put(Setting.TCP_WRITE_BUFFER_HIGH_BYTES, "4096");
        m.put(Setting.TCP_WRITE_BUFFER_LOW_BYTES, "2048");
        m.put(Setting.TCP_SOCKET_SEND_BUFFER_BYTES, "65536");
        m.put(Setting.TCP_OUTBOUND_BUDGET_BYTES, "33554432");
        m.put(Setting.TCP_MAX_PENDING_BLOCKS, "3");
        m.put(Setting.TCP_MAX_PENDING_MS, "1500");
        m.put(Setting.TCP_MERGED_BLOCK_MAX_ENTRIES, "5");
        m.put(Setting.TCP_SLOW_TIMEOUT_MS, "2500");
        m.put(Setting.TCP_ACK_LAG_MS, "250");
        m.put(Setting.TCP_ACK_WINDOW_BYTES, "8192");
        m.put(Setting.TCP_GO_AWAY_MAX_DELAY_MS, "1500");
        m.put(Setting.TCP_RESUME_MAX_MESSAGES, "300");
        m.put(Setting.TCP_HELLO_TIMEOUT_MS, "4000");
        m.put(Setting.TCP_MAX_FRAME_BYTES, "4096");
        m.put(Setting.TCP_IO_THREADS, "3");
        m.put(Setting.TCP_BLOCKING_THREADS, "2");
        m.put(Setting.TCP_TRANSPORT, "nio");
        m.put(Setting.TCP_TLS_PROVIDER, "jdk");
        m.put(Setting.HEARTBEAT_MS, "5000");
        m.put(Setting.API_KEYS, KEY + "," + KEY2);
        m.put(Setting.TOKEN_SECRET, SECRET);
        m.put(Setting.ROOM_BUDGET, "50");
        m.put(Setting.ROOM_CRITICAL_BUDGET, "7");
        m.put(Setting.BLOCK_WINDOW_MS, "700");
        m.put(Setting.BLOCK_WINDOW_MIN_MS, "70");
        m.put(Setting.BLOCK_QUIET_MS, "90");
        m.put(Setting.RENDER_BUDGET, "0");
        m.put(Setting.AGE_GIFT_MS, "61000");
        m.put(Setting.AGE_CHAT_MS, "62000");
        m.put(Setting.AGE_NOTIFY_MS, "63000");
        m.put(Setting.AGE_PK_MS, "64000");
        m.put(Setting.POLL_CACHE_MS, "0");
        m.put(Setting.POLL_LIMIT_ADDRESS, "11");
        m.put(Setting.POLL_LIMIT_VIEWER, "12");
        m.put(Setting.AUTH_FAILURES_PER_MINUTE, "13");
        m.put(Setting.HTTP_HEADER_TIMEOUT_MS, "1400");
        m.put(Setting.HTTP_BODY_TIMEOUT_MS, "1500");
        m.put(Setting.HTTP_TRUST_FORWARDED_FOR, "true");
        m.put(Setting.HTTP_CORS_ORIGINS, "https://a.example,http://localhost:3000");
        m.put(Setting.RETENTION_COUNT, "9");
        m.put(Setting.RETENTION_SECONDS, "60");
        m.put(Setting.LOGGING_FORMAT, "json");
        m.put(Setting.LOGGING_LEVEL, "debug");
        m.put(Setting.SHUTDOWN_GRACE_MS, "1234");
        m.put(Setting.NODE_ID, "n-test01");
        m.put(Setting.NODE_ENDPOINT, "node1.example:9444");
        m.put(Setting.POLL_SLICE_MS, "2000");
        m.put(Setting.POLL_SLICE_CLOSE_MS, "250");
        m.put(Setting.MEMORY_RETURN_SECONDS, "30"); // read by roomcast serve, not a node (LeanMemory)
        return m;
    }

    private static RoomcastConfig expectedForEverySetting() {
        List<String> advertised = List.of("a.example:1", "b.example:2");
        return new RoomcastConfig(
                StoreKind.REDIS,
                Path.of("/var/roomcast"),
                HttpConfig.defaults(Set.of(KEY, KEY2)).withHost("127.0.0.1").withPort(8081).withMaxBodyBytes(2048)
                        .withAdvertisedTcpEndpoints(advertised).withHeartbeatMs(5000).withPollCacheMs(0)
                        .withCorsOrigins(List.of("https://a.example", "http://localhost:3000")),
                false,
                new TcpConfig().host("127.0.0.2").port(9444)
                        .tls(new TlsConfig(false, Path.of("/c.pem"), Path.of("/k.pem"), TlsConfig.Provider.JDK))
                        .advertisedEndpoints(advertised).maxConnections(7).maxNewConnectionsPerSecond(8)
                        .flow(new ViewerFlow(2048, 4096, 65_536, 33_554_432, 2_500, 250, 8192))
                        .push(new PushLimits(3, 1_500, 5, 300)).goAwayMaxDelayMs(1_500)
                        .helloTimeoutMs(4_000).maxFrameBytes(4096)
                        .threads(new ServerThreads(ServerThreads.Transport.NIO, 3, 2)).heartbeatMs(5000)
                        .drainGraceMillis(1234),
                new RedisStoreConfig("redis://10.0.0.1:6380", Duration.ofMillis(300), Duration.ofMillis(400),
                        Duration.ofMillis(500), false),
                SECRET,
                DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(50).withCriticalRate(7))
                        .withBlocks(new BlockPolicy(700, 90, 0).withWindow(70, 700))
                        .withStaleness(new Staleness(Map.of(Category.GIFT, Duration.ofSeconds(61),
                                Category.CHAT, Duration.ofSeconds(62), Category.NOTIFY, Duration.ofSeconds(63),
                                Category.PK, Duration.ofSeconds(64)))),
                Retention.uniform(9, Duration.ofSeconds(60)),
                "n-test01",
                "node1.example:9444",
                new HttpLimits(11, 12, 13, 1_400, 1_500, true),
                new SlicePolicy(2_000, 250));
    }

    private static Settings withSecrets(String... args) {
        return Settings.load(args, Map.of()).with(Setting.API_KEYS, KEY).with(Setting.TOKEN_SECRET, SECRET);
    }

    /** Field by field, so no module's equals can hide a setting that did not arrive. */
    private static void assertMapsToEveryModule(Settings settings) {
        assertThat(RoomcastConfig.from(settings)).usingRecursiveComparison().isEqualTo(expectedForEverySetting());
    }

    @Test
    void everySetting_hasANonDefaultValueInTheFullMapping() {
        assertThat(EVERY_SETTING.keySet()).containsExactlyInAnyOrder(Setting.values());
        EVERY_SETTING.forEach((s, v) -> assertThat(v).as(s.key()).isNotEqualTo(s.defaultValue()));
    }

    @Test
    void givenEverySetting_asFlags_mapsToEveryModulesConfig() {
        String[] flags = EVERY_SETTING.entrySet().stream().map(e -> "--" + e.getKey().key() + "=" + e.getValue())
                .toArray(String[]::new);
        assertMapsToEveryModule(Settings.load(flags, Map.of()));
    }

    @Test
    void givenEverySetting_asEnvironment_mapsToEveryModulesConfig() {
        Map<String, String> env = EVERY_SETTING.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().envName(), Map.Entry::getValue));
        assertMapsToEveryModule(Settings.load(new String[0], env));
    }

    @Test
    void givenEverySetting_inTheConfigFile_mapsToEveryModulesConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roomcast.properties");
        Files.writeString(file, EVERY_SETTING.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        assertMapsToEveryModule(Settings.load(new String[] {"--config=" + file}, Map.of()));
    }

    @Test
    void givenNothing_everyModuleGetsItsOwnDefaults() {
        RoomcastConfig c = RoomcastConfig.from(withSecrets());
        assertThat(c.store()).isEqualTo(StoreKind.CHRONICLE);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.http()).isEqualTo(HttpConfig.defaults(Set.of(KEY)));
        assertThat(c.tcpEnabled()).isTrue();
        assertThat(c.tcp()).isEqualTo(new TcpConfig());
        assertThat(c.redis()).isEqualTo(RedisStoreConfig.defaults());
        assertThat(c.rules()).usingRecursiveComparison().isEqualTo(DeliveryRules.defaults());
        assertThat(c.http().pollCacheMs()).isEqualTo(100);
        assertThat(c.retention()).isEqualTo(Retention.defaults());
        assertThat(c.chronicle().queueDir()).isEqualTo(Path.of("./data", "chronicle"));
    }

    @Test
    void givenEveryNumberAtTheEndsOfItsRange_everyModuleAcceptsIt() {
        for (Function<Valid.Range, Long> end : List.<Function<Valid.Range, Long>>of(Valid.Range::min, Valid.Range::max)) {
            Settings s = withSecrets();
            for (Setting setting : Setting.values()) {
                if (setting.valid() instanceof Valid.Range range) {
                    s = s.with(setting, String.valueOf(end.apply(range)));
                }
            }
            Settings atEnd = s;
            RoomcastConfig c = RoomcastConfig.from(atEnd);
            assertThat(c.tcp().validate()).isNotNull();
        }
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
    void givenShortOrDashedFlags_theyNameTheDocumentedSettings() {
        Settings s = Settings.load(new String[] {"--redis=redis://h:1", "--data=/d", "--http-port=1", "--tcp-port=2",
            "--tcp.resume-max-messages=3"}, Map.of());
        assertThat(s.get(Setting.REDIS_URL)).isEqualTo("redis://h:1");
        assertThat(s.get(Setting.DATA_DIR)).isEqualTo("/d");
        assertThat(s.get(Setting.HTTP_PORT)).isEqualTo("1");
        assertThat(s.get(Setting.TCP_PORT)).isEqualTo("2");
        assertThat(s.get(Setting.TCP_RESUME_MAX_MESSAGES)).isEqualTo("3");
    }

    @Test
    void givenUnknownSettings_startUpStops_namingThemAndTheKnownOnes(@TempDir Path dir) throws Exception {
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
    }

    @Test
    void givenInvalidValues_startUpStops_withOneLineNamingTheSettingAndItsValidValues() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("--heartbeat.ms=700000", "setting heartbeat.ms (flag --heartbeat.ms): 700000 is out of range; valid: 1000 to 600000");
        expected.put("--heartbeat.ms=999", "valid: 1000 to 600000");
        expected.put("--store=cassandra", "valid: chronicle, redis, memory");
        expected.put("--http.port=eighty", "'eighty' is not a whole number; valid: 0 to 65535");
        expected.put("--http.port=70000", "valid: 0 to 65535");
        expected.put("--tcp.tls=maybe", "setting tcp.tls");
        expected.put("--tcp.transport=kqueue", "valid: auto, epoll, nio");
        expected.put("--tcp.tls.provider=gnutls", "valid: auto, jdk, openssl");
        expected.put("--tcp.resume.max.messages=0", "valid: 1 to 1000000");
        expected.put("--tcp.slow.timeout.ms=-5", "setting tcp.slow.timeout.ms");
        expected.put("--tcp.max.pending.blocks=x", "setting tcp.max.pending.blocks");
        expected.put("--tcp.go.away.max.delay.ms=700000", "setting tcp.go.away.max.delay.ms");
        expected.put("--redis.timeout.ms=120000", "valid: 10 to 60000");
        expected.put("--redis=localhost:6379", "setting redis.url");
        expected.put("--redis=redis://a:7001,b:7002", "setting redis.url");
        expected.put("--tcp.cert=/c.pem", "setting tcp.key");
        expected.put("--tcp.write.buffer.low.bytes=300000", "setting tcp.write.buffer.low.bytes");
        expected.put("--tcp.advertise=nohost", "setting tcp.advertise");
        expected.put("--tcp.advertise=vm:0", "setting tcp.advertise");
        expected.put("--node.id=two words", "setting node.id");
        expected.put("--node.endpoint=nohost", "setting node.endpoint");
        expected.put("--node.endpoint=vm:70000", "setting node.endpoint");
        expected.put("--api.keys=tiny", "setting api.keys");
        expected.put("--token.secret=short", "setting token.secret");
        expected.put("--age.chat.ms=50", "setting age.chat.ms (flag --age.chat.ms): 50 is out of range; valid: 100 to 86400000");
        expected.put("--logging.format=xml", "setting logging.format (flag --logging.format): 'xml' is not valid; valid: text, json");
        expected.forEach((flag, message) -> assertThatThrownBy(() -> RoomcastConfig.from(Settings.load(new String[] {flag},
                Map.of()).with(Setting.API_KEYS, flag.startsWith("--api.keys") ? "tiny" : KEY)
                .with(Setting.TOKEN_SECRET, flag.startsWith("--token.secret") ? "short" : SECRET)))
                .as(flag).isInstanceOf(ConfigException.class).hasMessageContaining(message).hasMessageNotContaining("\n"));
    }

    @Test
    void nodeId_isRandomPerStartByDefault_andTheEndpointIsLeftToTheLauncher() {
        RoomcastConfig first = RoomcastConfig.from(withSecrets());
        RoomcastConfig second = RoomcastConfig.from(withSecrets());

        assertThat(first.nodeId()).matches("n-[0-9a-f]{6}").isNotEqualTo(second.nodeId());
        assertThat(first.nodeEndpoint()).isEmpty();
    }

    @Test
    void redisUrl_mayListARedisClustersSeeds() {
        RoomcastConfig c = RoomcastConfig.from(withSecrets("--store=redis", "--redis=redis://10.0.0.1:7001,redis://10.0.0.2:7002"));
        assertThat(c.redis().seeds()).containsExactly("redis://10.0.0.1:7001", "redis://10.0.0.2:7002");
    }

    @Test
    void clusterBus_isOnByDefaultWithRedis_andOffOnRequest() {
        assertThat(RoomcastConfig.from(withSecrets("--store=redis")).redis().bus()).isTrue();
        assertThat(RoomcastConfig.from(withSecrets("--store=redis", "--cluster.enabled=false")).redis().bus()).isFalse();
    }

    @Test
    void everySetting_hasAKeyAnEnvironmentNameAndAValidRangeOfItsOwn() {
        assertThat(Arrays.stream(Setting.values()).map(Setting::key)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(Setting.values()).map(Setting::envName)).doesNotHaveDuplicates();
        for (Setting s : Setting.values()) {
            assertThat(s.valid().describe()).as(s.key()).isNotBlank();
        }
    }
}
