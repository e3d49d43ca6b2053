package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RawRedis.b;
import static io.roomcast.adapters.redis.RawRedis.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry script against a real redis-server of its own: entries readable with redis-cli,
 * expiry judged by Redis's clock (an entry written as expired a moment ago is removed by the next
 * heartbeat of any node, without the test sleeping), leave, and a Redis that went away.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisNodeRegistryIT {
    private static final String NODES = RedisKeys.NODES;

    private final ManualClock clock = new ManualClock();
    private RedisServerProcess redis;
    private RedisNodeRegistry a;
    private RedisNodeRegistry b;
    private RawRedis raw;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(redis.url()).withCommandTimeout(Duration.ofSeconds(1))
                .withConnectTimeout(Duration.ofSeconds(1));
        a = RedisNodeRegistry.connect(config, clock);
        b = RedisNodeRegistry.connect(config, clock);
        raw = RawRedis.connect(redis.url());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        raw.close();
        redis.close();
    }

    @Test
    void givenTwoNodesBeating_eachSeesBoth_andTheEntryIsReadableWithRedisCli() {
        a.heartbeat(node("n-aaaaaa", false));
        b.heartbeat(node("n-bbbbbb", true));
        a.heartbeat(node("n-aaaaaa", false));

        assertThat(a.live()).containsExactlyInAnyOrder(node("n-aaaaaa", false), node("n-bbbbbb", true));
        assertThat(b.live()).contains(node("n-bbbbbb", true));
        String value = s(raw.commands().hget(b(NODES), b("n-aaaaaa")));
        long redisNow = Long.parseLong(s(raw.commands().time().get(0))) * 1000;
        assertThat(value).isEqualTo(value.substring(0, value.indexOf(' ') + 1)
                + "{\"id\":\"n-aaaaaa\",\"tcp\":[\"127.0.0.1:9443\"],\"conn\":12,\"max\":100,\"load\":0.12,\"draining\":false}");
        assertThat(Long.parseLong(value.substring(0, value.indexOf(' '))))
                .as("expires three heartbeats after Redis's now").isBetween(redisNow + 1_000, redisNow + 5_000);
        assertThat(raw.commands().pttl(b(NODES))).as("the hash outlives its nodes only for a while").isPositive();
    }

    @Test
    void givenAnEntryPastItsExpiryByRedisTime_theNextHeartbeatOfAnyNodeRemovesIt() {
        long redisNow = Long.parseLong(s(raw.commands().time().get(0))) * 1000;
        raw.commands().hset(b(NODES), b("n-dead00"), b((redisNow - 1) + " " + NodeEntries.json(node("n-dead00", false))));
        raw.commands().hset(b(NODES), b("n-later0"), b((redisNow + 60_000) + " " + NodeEntries.json(node("n-later0", false))));
        raw.commands().hset(b(NODES), b("n-junk00"), b("not an entry"));

        a.heartbeat(node("n-aaaaaa", false));

        assertThat(a.live()).extracting(NodeInfo::id).containsExactlyInAnyOrder("n-aaaaaa", "n-later0");
        assertThat(raw.commands().hkeys(b(NODES))).extracting(RawRedis::s)
                .containsExactlyInAnyOrder("n-aaaaaa", "n-later0");
    }

    @Test
    void givenAnEntryWithBadJson_itIsSkipped_andTheOthersAreRead() {
        long redisNow = Long.parseLong(s(raw.commands().time().get(0))) * 1000;
        raw.commands().hset(b(NODES), b("n-bad000"), b((redisNow + 60_000) + " {\"id\":\"n-bad000\"}"));

        a.heartbeat(node("n-aaaaaa", false));

        assertThat(a.live()).extracting(NodeInfo::id).containsExactly("n-aaaaaa");
    }

    @Test
    void givenANodeLeaving_itsEntryIsGone_forTheOthersAtTheirNextHeartbeat() {
        a.heartbeat(node("n-aaaaaa", false));
        b.heartbeat(node("n-bbbbbb", false));

        b.leave();
        a.heartbeat(node("n-aaaaaa", false));

        assertThat(b.live()).isEmpty();
        assertThat(a.live()).extracting(NodeInfo::id).containsExactly("n-aaaaaa");
    }

    @Test
    void givenRedisGone_heartbeatsFail_theSnapshotIsKeptForOneEntryLifetime_thenOnlyThisNodeIsLeft() {
        a.heartbeat(node("n-aaaaaa", false));
        b.heartbeat(node("n-bbbbbb", false));
        a.heartbeat(node("n-aaaaaa", false));
        redis.kill();

        assertThatThrownBy(() -> a.heartbeat(node("n-aaaaaa", false)))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThat(a.live()).hasSize(2);
        clock.advance(3_001);
        assertThatThrownBy(() -> a.heartbeat(node("n-aaaaaa", true))).isInstanceOf(RoomcastException.class);
        assertThat(a.live()).containsExactly(node("n-aaaaaa", true));
    }

    private static NodeInfo node(String id, boolean draining) {
        return new NodeInfo(id, List.of("127.0.0.1:9443"), 12, 100, 0.12, draining);
    }
}
