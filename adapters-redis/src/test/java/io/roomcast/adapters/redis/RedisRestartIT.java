package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Redis killed under the store and started again, or hanging: requests fail fast meanwhile, the
 * store comes back by itself, and with the append-only file on nothing acknowledged is lost.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisRestartIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");

    /** Fails with STORE_UNAVAILABLE instead of hanging (the class's timeout guards a hang). */
    private static void assertFailsFastAsUnavailable(String what, Executable call) {
        assertThatThrownBy(call::execute).as(what)
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("Redis at redis://127.0.0.1:");
                });
    }

    /** Retries while the store reports Redis unavailable, as a client would; waits on a real process. */
    private static <T> T onceAvailable(Supplier<T> call) {
        AtomicReference<T> answer = new AtomicReference<>();
        await().atMost(RECOVERY_DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                answer.set(call.get());
                return true;
            } catch (RoomcastException e) {
                if (e.code() != ErrorCode.STORE_UNAVAILABLE) {
                    throw e;
                }
                return false;
            }
        });
        return answer.get();
    }

    @Test
    void givenRedisNotAnswering_publishAndPoll_timeOutAsUnavailable_thenWorkWhenItAnswersAgain() throws Exception {
        assumeTrue(RedisServerProcess.externalUrl().isEmpty(), "needs a redis-server of its own to freeze");
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(redis.url()).withCommandTimeout(COMMAND_TIMEOUT);
            try (MessageStore store = RedisMessageStore.connect(config, Retention.defaults(), clock)) {
                Message before = store.append(chat(r1, clock.millis())).stored();

                redis.pause();
                try {
                    assertFailsFastAsUnavailable("publish", () -> store.append(chat(r1, clock.millis())));
                    assertFailsFastAsUnavailable("poll", () -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 15));
                } finally {
                    redis.resume();
                }

                // The timed-out publish may still have been applied when Redis woke up: publishers
                // retry with an idempotency key. What was acknowledged is there, and the store works.
                ReadResult read = onceAvailable(() -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 15));
                assertThat(read.messages()).startsWith(before).hasSizeBetween(1, 2);
                Message after = store.append(chat(r1, clock.millis())).stored();
                assertThat(store.readLatest(Feed.guest(r1), 1).messages()).containsExactly(after);
            }
        }
    }

    @Test
    void givenDurableRedis_killedAndRestarted_storeFailsFastThenReconnectsWithEveryAcknowledgedMessage() throws Exception {
        assumeTrue(RedisServerProcess.externalUrl().isEmpty(), "needs a redis-server of its own to kill");
        try (RedisServerProcess redis = RedisServerProcess.startDurable()) {
            RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(redis.url()).withCommandTimeout(COMMAND_TIMEOUT);
            try (MessageStore store = RedisMessageStore.connect(config, Retention.uniform(10_000, Duration.ofHours(1)), clock)) {
                List<Message> acknowledged = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    clock.advance(i % 3);
                    Message m = switch (i % 5) {
                        case 0 -> withKey(giftWorth(r1, 100, Priority.NORMAL, clock.millis()), "order-" + i);
                        case 1 -> state(r1, "pk.score", i, clock.millis());
                        case 2 -> toUser(user("alice"), clock.millis());
                        default -> chat(r1, clock.millis());
                    };
                    acknowledged.add(store.append(m).stored());
                }
                Message lastState = acknowledged.get(296);

                redis.kill();

                assertFailsFastAsUnavailable("publish", () -> store.append(chat(r1, clock.millis())));
                assertFailsFastAsUnavailable("poll", () -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 15));
                assertFailsFastAsUnavailable("publish again", () -> store.append(chat(r1, clock.millis())));
                assertFailsFastAsUnavailable("latest", () -> store.readLatest(Feed.guest(r1), 15));

                redis.restart();

                Feed feed = new Feed(r1, user("alice"));
                onceAvailable(() -> store.readSince(feed, Cursor.ORIGIN, 1));
                List<MessageId> read = new ArrayList<>();
                Cursor cursor = Cursor.ORIGIN;
                ReadResult page;
                do {
                    page = store.readSince(feed, cursor, 15);
                    page.messages().forEach(m -> read.add(m.id()));
                    cursor = page.through();
                } while (page.more());
                assertThat(read).as("every acknowledged message, in the order a reader gets them")
                        .containsExactlyElementsOf(acknowledged.stream().sorted(Message.ORDER).map(Message::id).toList());

                assertThat(store.head(r1).room()).isEqualTo(acknowledged.get(acknowledged.size() - 1).position().part());
                assertThat(store.latestStates(r1)).containsExactly(lastState);
                assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("order-0"))).contains(acknowledged.get(0));
                assertThat(store.append(withKey(chat(r1, clock.millis()), "order-5")).duplicate()).isTrue();
                Message next = store.append(chat(r1, clock.millis())).stored();
                assertThat(next.position()).isGreaterThan(acknowledged.get(acknowledged.size() - 1).position());
                long roomMessages = acknowledged.stream().filter(m -> m.family() == Family.ROOM).count();
                assertThat(next.position().seq()).as("the room's head survived: nothing reached Redis while it was down")
                        .isEqualTo(roomMessages + 1);
            }
        }
    }
}
