package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.RoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes' censuses on one real redis-server: each counts its own viewers and reads the other's. */
class RedisRoomCensusIT {
    private static final RoomId ROOM = RoomId.of("r1");

    private final ManualClock clock = new ManualClock();
    private final FakeRoomDirectory hereA = new FakeRoomDirectory();
    private final FakeRoomDirectory hereB = new FakeRoomDirectory();
    private final List<RedisRoomCensus> opened = new ArrayList<>();
    private RedisRoomCensus a;
    private RedisRoomCensus b;

    @BeforeEach
    void open() {
        try (RawRedis raw = RawRedis.connect(RawRedis.sharedUrl())) {
            raw.flush();
        }
        a = census(hereA, "node-a", RedisRoomCensus.HOLD_MILLIS);
        b = census(hereB, "node-b", RedisRoomCensus.HOLD_MILLIS);
    }

    @AfterEach
    void close() {
        opened.forEach(RedisRoomCensus::close);
    }

    private RedisRoomCensus census(FakeRoomDirectory directory, String node, long holdMillis) {
        RedisRoomCensus census = RedisRoomCensus.open(RedisStoreConfig.defaults().withUrl(RawRedis.sharedUrl()),
                directory, clock, node, holdMillis);
        opened.add(census);
        return census;
    }

    private static void join(FakeRoomDirectory directory, int viewers, String prefix) {
        for (int i = 0; i < viewers; i++) {
            directory.join(ROOM, prefix + i);
        }
    }

    @Test
    void givenViewersOnTwoNodes_online_onEitherCountsBoth() {
        join(hereA, 3, "a");
        join(hereB, 5, "b");

        a.refresh();
        b.refresh();
        a.refresh();
        assertThat(a.online(ROOM, clock.millis())).as("A sent before B: not yet B's").isEqualTo(3);
        clock.advance(RedisRoomCensus.RESEND_MILLIS);
        a.refresh();

        assertThat(a.online(ROOM, clock.millis())).isEqualTo(8);
        assertThat(b.online(ROOM, clock.millis())).isEqualTo(8);
    }

    @Test
    void givenLocalChange_online_countsItAtOnceHere_andSendsItAtMostOnceASecond() {
        join(hereA, 3, "a");
        join(hereB, 5, "b");
        a.refresh();
        b.refresh();

        join(hereB, 2, "later");
        assertThat(b.online(ROOM, clock.millis())).as("this node's own count is always current").isEqualTo(10);
        clock.advance(RedisRoomCensus.MIN_GAP_MILLIS / 2);
        b.refresh();
        clock.advance(RedisRoomCensus.RESEND_MILLIS);
        a.refresh();
        assertThat(a.online(ROOM, clock.millis())).as("B's change waited for its second").isEqualTo(8);

        b.refresh();
        clock.advance(RedisRoomCensus.RESEND_MILLIS);
        a.refresh();
        assertThat(a.online(ROOM, clock.millis())).isEqualTo(10);
    }

    @Test
    void givenRoomAskedWithNoViewerHere_refresh_readsTheOtherNodesCount() {
        join(hereB, 4, "b");
        b.refresh();

        assertThat(a.online(ROOM, clock.millis())).as("before the first read").isZero();
        a.refresh();

        assertThat(a.online(ROOM, clock.millis())).isEqualTo(4);
        assertThat(a.followed()).isEqualTo(1);
        clock.advance(RedisRoomCensus.ASKED_MILLIS);
        a.refresh();
        assertThat(a.followed()).as("a room nobody asks about and nobody watches here is forgotten").isZero();
    }

    @Test
    void givenNodeClosed_online_elsewhereDropsItsViewers() {
        join(hereA, 3, "a");
        join(hereB, 5, "b");
        a.refresh();
        b.refresh();

        b.close();
        clock.advance(RedisRoomCensus.RESEND_MILLIS);
        a.refresh();

        assertThat(a.online(ROOM, clock.millis())).isEqualTo(3);
    }

    @Test
    void givenNodeThatStoppedSending_online_elsewhereDropsItWhenItsCountExpiresByRedisTime() {
        join(hereA, 3, "a");
        FakeRoomDirectory hereC = new FakeRoomDirectory();
        RedisRoomCensus c = census(hereC, "node-c", 200);
        join(hereC, 7, "c");
        c.refresh();
        a.refresh();
        assertThat(a.online(ROOM, clock.millis())).isEqualTo(10);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            clock.advance(RedisRoomCensus.RESEND_MILLIS);
            a.refresh();
            assertThat(a.online(ROOM, clock.millis())).isEqualTo(3);
        });
    }
}
