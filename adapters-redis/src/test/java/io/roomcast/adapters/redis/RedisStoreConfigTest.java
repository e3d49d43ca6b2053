package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreConfigTest {

    @Test
    void defaults_areLocalRedisWithShortTimeouts() {
        RedisStoreConfig config = RedisStoreConfig.defaults();
        assertThat(config.url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.bus()).as("stored messages go on the cluster bus").isTrue();
    }

    @Test
    void givenBadValues_theyAreRejectedNamingTheComponent() {
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl("http://not-redis:80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withCommandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("commandTimeout:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withConnectTimeout(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withMaxReconnectDelay(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxReconnectDelay:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withCommandTimeout(RedisStoreConfig.LONGEST_WAIT.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("commandTimeout:");
    }

    @Test
    void givenPasswordInUrl_toStringAndRedactedUrl_hideIt() {
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl("redis://app:s3cret@redis.example:6379/1");
        assertThat(config.redactedUrl()).isEqualTo("redis://***@redis.example:6379/1");
        assertThat(config.toString()).doesNotContain("s3cret").contains("redis.example:6379");
        assertThat(RedisStoreConfig.defaults().redactedUrl()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void givenSeveralCommaSeparatedUris_theyAreTheSeeds_eachValidatedAndRedacted() {
        RedisStoreConfig config = RedisStoreConfig.defaults()
                .withUrl("redis://:pw@10.0.0.1:7001, redis://:pw@10.0.0.2:7002,redis://:pw@10.0.0.3:7003");
        assertThat(config.seeds()).containsExactly("redis://:pw@10.0.0.1:7001", "redis://:pw@10.0.0.2:7002",
                "redis://:pw@10.0.0.3:7003");
        assertThat(config.redactedUrl()).isEqualTo("redis://***@10.0.0.1:7001,redis://***@10.0.0.2:7002,redis://***@10.0.0.3:7003");
        assertThat(RedisStoreConfig.defaults().seeds()).containsExactly(RedisStoreConfig.DEFAULT_URL);
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl("redis://a:1,,redis://b:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> RedisStoreConfig.defaults().withUrl("redis://a:1,http://b:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url:");
    }
}
