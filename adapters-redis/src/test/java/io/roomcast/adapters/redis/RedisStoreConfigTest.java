package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisStoreConfigTest {

    @Test
    void defaults_areLocalRedisWithShortTimeouts() {
        RedisStoreConfig config = RedisStoreConfig.defaults();
        assertThat(config.url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RedisStoreConfig.fromProperties(Map.of())).isEqualTo(config);
    }

    @Test
    void givenEveryKey_fromProperties_setsEveryComponent() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("redis.url", "redis://cache.internal:6380/2");
        properties.put("redis.command-timeout", "750ms");
        properties.put("redis.connect-timeout", "5s");
        properties.put("redis.reconnect-delay-max", "PT0.25S");

        RedisStoreConfig config = RedisStoreConfig.fromProperties(properties);

        assertThat(config).isEqualTo(new RedisStoreConfig("redis://cache.internal:6380/2",
                Duration.ofMillis(750), Duration.ofSeconds(5), Duration.ofMillis(250)));
        assertThat(properties.keySet()).containsExactlyElementsOf(RedisStoreConfig.KEYS);
        RedisStoreConfig defaults = RedisStoreConfig.defaults();
        assertThat(config.url()).isNotEqualTo(defaults.url());
        assertThat(config.commandTimeout()).isNotEqualTo(defaults.commandTimeout());
        assertThat(config.connectTimeout()).isNotEqualTo(defaults.connectTimeout());
        assertThat(config.maxReconnectDelay()).isNotEqualTo(defaults.maxReconnectDelay());
    }

    @Test
    void toProperties_roundTripsThroughFromProperties() {
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl("rediss://:pw@redis.example:6390")
                .withCommandTimeout(Duration.ofMillis(1500)).withMaxReconnectDelay(Duration.ofMinutes(1));
        assertThat(config.toProperties()).containsOnlyKeys(RedisStoreConfig.KEYS);
        assertThat(RedisStoreConfig.fromProperties(config.toProperties())).isEqualTo(config);
    }

    @Test
    void givenOtherModulesKeys_fromProperties_ignoresThem() {
        RedisStoreConfig config = RedisStoreConfig.fromProperties(Map.of("http.port", "8080", "redisish", "x"));
        assertThat(config).isEqualTo(RedisStoreConfig.defaults());
    }

    @Test
    void givenUnknownRedisKey_fromProperties_failsListingTheKnownOnes() {
        assertThatThrownBy(() -> RedisStoreConfig.fromProperties(Map.of("redis.uri", "redis://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis.uri")
                .hasMessageContaining("redis.url");
    }

    @Test
    void givenBadValues_theyAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis.url");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl("http://not-redis:80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis.url");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withCommandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis.command-timeout");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withConnectTimeout(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis.connect-timeout");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withMaxReconnectDelay(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis.reconnect-delay-max");
        assertThatThrownBy(() -> RedisStoreConfig.fromProperties(Map.of("redis.command-timeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis.command-timeout").hasMessageContaining("soon");
    }

    @Test
    void givenPasswordInUrl_toStringAndRedactedUrl_hideIt() {
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl("redis://app:s3cret@redis.example:6379/1");
        assertThat(config.redactedUrl()).isEqualTo("redis://***@redis.example:6379/1");
        assertThat(config.toString()).doesNotContain("s3cret").contains("redis.example:6379");
        assertThat(RedisStoreConfig.defaults().redactedUrl()).isEqualTo("redis://127.0.0.1:6379");
    }
}
