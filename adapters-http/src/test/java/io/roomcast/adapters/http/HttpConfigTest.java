package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpConfigTest {
    private static final String KEY = "a-key-of-sixteen-chars";

    @Test
    void defaults() {
        HttpConfig c = HttpConfig.defaults(Set.of(KEY));

        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.apiKeys()).containsExactly(KEY);
        assertThat(c.advertisedTcpEndpoints()).isEmpty();
        assertThat(c.heartbeatMs()).isEqualTo(30_000);
        assertThat(c.pollCacheMs()).isEqualTo(100);
        assertThat(c.ioThreads()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(c.workerThreads()).isEqualTo(8 * c.ioThreads());
        assertThat(c.corsOrigins()).isEmpty();
    }

    @Test
    void everySettingCanBeChanged() {
        HttpConfig c = HttpConfig.defaults(Set.of(KEY))
                .withHost(" 127.0.0.1 ")
                .withPort(0)
                .withMaxBodyBytes(4096)
                .withApiKeys(Set.of(KEY, KEY + "2"))
                .withAdvertisedTcpEndpoints(List.of("edge-1.example.com:9443", "[::1]:9443", "10.0.0.7:1"))
                .withHeartbeatMs(15_000)
                .withPollCacheMs(0)
                .withThreads(3, 17)
                .withCorsOrigins(List.of("https://a.example", "http://b.example:8080"));

        assertThat(c).isEqualTo(new HttpConfig("127.0.0.1", 0, 4096, Set.of(KEY, KEY + "2"),
                List.of("edge-1.example.com:9443", "[::1]:9443", "10.0.0.7:1"), 15_000, 0, 3, 17,
                List.of("https://a.example", "http://b.example:8080")));
    }

    @Test
    void collectionsAreCopiedIn() {
        Set<String> keys = new HashSet<>(Set.of(KEY));
        HttpConfig c = HttpConfig.defaults(keys);
        keys.add("another-key-0123456789");

        assertThat(c.apiKeys()).containsExactly(KEY);
    }

    @Test
    void badValues_failNamingTheSetting() {
        HttpConfig ok = HttpConfig.defaults(Set.of(KEY));

        assertThatThrownBy(() -> ok.withHost(" ")).hasMessageStartingWith("host:");
        assertThatThrownBy(() -> ok.withPort(-1)).hasMessageStartingWith("port:").hasMessageContaining("-1");
        assertThatThrownBy(() -> ok.withPort(65_536)).hasMessageStartingWith("port:");
        assertThatThrownBy(() -> ok.withMaxBodyBytes(0)).hasMessageStartingWith("maxBodyBytes:");
        assertThatThrownBy(() -> ok.withMaxBodyBytes(HttpConfig.MAX_MAX_BODY_BYTES + 1)).hasMessageStartingWith("maxBodyBytes:");
        assertThatThrownBy(() -> ok.withApiKeys(Set.of())).hasMessageStartingWith("apiKeys:").hasMessageContaining("at least one");
        assertThatThrownBy(() -> ok.withApiKeys(Set.of("short"))).hasMessageStartingWith("apiKeys:")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> ok.withApiKeys(Set.of("has a space in it, too"))).hasMessageStartingWith("apiKeys:");
        assertThatThrownBy(() -> ok.withHeartbeatMs(0)).hasMessageStartingWith("heartbeatMs:");
        assertThatThrownBy(() -> ok.withPollCacheMs(-1)).hasMessageStartingWith("pollCacheMs:");
        assertThatThrownBy(() -> ok.withPollCacheMs(HttpConfig.MAX_POLL_CACHE_MS + 1)).hasMessageStartingWith("pollCacheMs:");
        assertThatThrownBy(() -> ok.withThreads(0, 8)).hasMessageStartingWith("ioThreads:");
        assertThatThrownBy(() -> ok.withThreads(2, 0)).hasMessageStartingWith("workerThreads:");
        for (String origin : new String[] {"a.example", "https://a.example/", "https://a.example/app", "ftp://a.example",
                "https://", "https://a b.example", "null"}) {
            assertThatThrownBy(() -> ok.withCorsOrigins(List.of(origin))).as(origin)
                    .hasMessageStartingWith("corsOrigins:");
        }
        assertThatThrownBy(() -> ok.withCorsOrigins(List.of("*", "https://a.example"))).hasMessageStartingWith("corsOrigins:")
                .hasMessageContaining("alone");
        for (String endpoint : new String[] {"host", "host:", ":9443", "host:0", "host:65536", "host:94x3", "a:b:9443",
                "[::1:9443", "ho st:9443", "host:123456"}) {
            assertThatThrownBy(() -> ok.withAdvertisedTcpEndpoints(List.of(endpoint))).as(endpoint)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("advertisedTcpEndpoints:");
        }
    }
}
