package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RawRedis.b;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis bus against a real redis-server of its own: what the append script publishes arrives
 * on the subscribed channels once, in position order; a killed pub/sub connection is reported as
 * {@code resubscribed} before anything stored after it, as is a channel the core asks to subscribe
 * again; unwatching lets go of the channel.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RedisClusterBusIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");
    private RedisServerProcess redis;
    private RedisMessageStore store;
    private RedisClusterBus bus;
    private RawRedis raw;
    private final BusEvents events = new BusEvents();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(redis.url()).withCommandTimeout(Duration.ofSeconds(1));
        store = RedisMessageStore.connect(config, Retention.defaults(), clock);
        bus = RedisClusterBus.connect(config);
        raw = RawRedis.connect(redis.url());
        bus.start(events).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        bus.close();
        store.close();
        raw.close();
        redis.close();
    }

    private Message append(Message m) {
        return store.append(m).stored();
    }

    private long subscribers(String channel) {
        return raw.commands().pubsubShardNumsub(b(channel)).values().iterator().next();
    }

    @Test
    void givenAWatchedRoom_itsMessagesAndThePlatformsArriveOnce_inPositionOrder_andOtherRoomsDoNot() throws Exception {
        bus.watch(r1).toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<MessageId> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(append(chat(r1, clock.millis())).id());
            append(chat(r2, clock.millis()));
            if (i % 5 == 0) {
                expected.add(append(broadcast(clock.millis())).id());
                expected.add(append(toUser(user("u" + i), clock.millis())).id());
            }
        }

        await().atMost(WAIT).until(() -> events.ids().size() >= expected.size());
        assertThat(events.ids()).containsExactlyElementsOf(expected);
        for (Family family : Family.values()) {
            List<Long> seqs = events.all().stream().map(m -> (Message) m).filter(m -> m.family() == family)
                    .map(m -> m.position().seq()).toList();
            assertThat(seqs).as("positions of the %s family", family).isSorted().doesNotHaveDuplicates();
        }
        assertThat(subscribers("live::{r1}::bus")).isEqualTo(1);
        assertThat(subscribers("live::{#platform}::bus")).isEqualTo(1);
    }

    @Test
    void givenThePubSubConnectionKilled_theLossIsReported_beforeWhatIsStoredAfterIt_andNothingArrivesTwice() throws Exception {
        bus.watch(r1).toCompletableFuture().get(30, TimeUnit.SECONDS);
        MessageId before = append(chat(r1, clock.millis())).id();
        await().atMost(WAIT).until(() -> events.ids().contains(before));

        assertThat(raw.commands().clientKill(KillArgs.Builder.typePubsub())).isEqualTo(1L);
        await().atMost(WAIT).until(() -> events.all().containsAll(List.of(Optional.of(r1), Optional.empty())));
        MessageId after = append(chat(r1, clock.millis())).id();
        MessageId broadcastAfter = append(broadcast(clock.millis())).id();

        await().atMost(WAIT).until(() -> events.ids().containsAll(List.of(after, broadcastAfter)));
        List<Object> all = events.all();
        assertThat(all.indexOf(Optional.of(r1))).as("the room's loss is reported before its next message")
                .isLessThan(events.indexOf(after));
        assertThat(all.indexOf(Optional.empty())).as("the platform's loss before its next message")
                .isLessThan(events.indexOf(broadcastAfter));
        assertThat(events.ids()).containsExactly(before, after, broadcastAfter);
        assertThat(subscribers("live::{r1}::bus")).isEqualTo(1);
    }

    @Test
    void givenTheCoreAsksToSubscribeARoomAgain_theLossIsReported_beforeWhatIsStoredAfter_andItsMessagesKeepComing()
            throws Exception {
        bus.watch(r1).toCompletableFuture().get(30, TimeUnit.SECONDS);
        MessageId before = append(chat(r1, clock.millis())).id();
        await().atMost(WAIT).until(() -> events.ids().contains(before));

        bus.resubscribe(Optional.of(r1));
        await().atMost(WAIT).until(() -> events.all().contains(Optional.of(r1)));
        MessageId after = append(chat(r1, clock.millis())).id();

        await().atMost(WAIT).until(() -> events.ids().contains(after));
        assertThat(events.all().indexOf(Optional.of(r1))).isLessThan(events.indexOf(after));
        assertThat(events.ids()).containsExactly(before, after);
        assertThat(subscribers("live::{r1}::bus")).isEqualTo(1);
    }

    @Test
    void givenAnUnwatchedRoom_itsChannelLosesItsSubscriber_andItsMessagesStop() throws Exception {
        bus.watch(r1).toCompletableFuture().get(30, TimeUnit.SECONDS);
        bus.unwatch(r1);
        await().atMost(WAIT).until(() -> subscribers("live::{r1}::bus") == 0);

        append(chat(r1, clock.millis()));
        MessageId marker = append(broadcast(clock.millis())).id();
        await().atMost(WAIT).until(() -> events.ids().contains(marker));
        assertThat(events.ids()).containsExactly(marker);
    }

    @Test
    void givenRedisDown_watchingARoom_failsAsStoreUnavailable() {
        redis.kill();
        assertThatThrownBy(() -> bus.watch(r2).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RoomcastException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }
}
