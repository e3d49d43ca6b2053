package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RawRedis.s;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.StreamKey;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the batch contract cannot see on Redis: one {@code append.lua} call per family and round
 * (counted by Redis itself, {@code INFO commandstats}), a script lost from Redis's cache, a failure
 * inside one family's call, and what a failure part way leaves in the other families of its round.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisBatchAppendIT {
    private static final Retention ROOMY = Retention.uniform(100_000, Duration.ofHours(1));

    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");
    private final RoomId broken = room("broken");
    private RedisCommands<byte[], byte[]> redis;
    private MessageStore store;

    @BeforeEach
    void open() {
        redis = RawRedis.shared().commands();
        redis.flushdb();
        store = RedisMessageStore.connect(RedisStoreConfig.defaults().withUrl(RawRedis.sharedUrl()), ROOMY, clock);
        redis.configResetstat();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** How many EVALSHA calls Redis ran since the last reset. */
    private long scriptCalls() {
        return calls("evalsha");
    }

    /** How many times Redis ran {@code command} since the last reset (a script's commands included). */
    private long calls(String command) {
        String stats = redis.info("commandstats");
        String field = "cmdstat_" + command + ":calls=";
        int at = stats.indexOf(field);
        if (at < 0) {
            return 0;
        }
        int from = at + field.length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private List<Message> roomOnly(RoomId room) {
        return store.readSince(Feed.guest(room), Cursor.ORIGIN, 1_000).messages().stream()
                .filter(m -> m.family() == Family.ROOM).toList();
    }

    private void breakStream(RoomId room, Category category) {
        redis.set(RawRedis.b(RedisKeys.stream(new StreamKey(room, category, null))), RawRedis.b("broken"));
    }

    @Test
    void givenBatchGroupedByFamily_appendAll_runsOneScriptCallPerFamily() {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(chat(r1, clock.millis()));
        }
        for (int i = 0; i < 40; i++) {
            batch.add(chat(r2, clock.millis()));
        }
        batch.add(broadcast(clock.millis()));
        batch.add(toUser(user("alice"), clock.millis()));

        List<AppendResult> results = store.appendAll(batch, null);

        assertThat(results).hasSize(82).allMatch(r -> r instanceof AppendResult.Stored);
        assertThat(scriptCalls()).as("r1, r2 and the platform").isEqualTo(3);
    }

    @Test
    void givenBatchOfOneRoom_appendAll_addsEachRunOfAStreamInOneCommandAndWritesTheHeadOnce() {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(chat(r1, clock.millis()));
        }
        batch.add(inRoom(r1, Category.GIFT, Priority.HIGH, clock.millis()));
        for (int i = 0; i < 10; i++) {
            batch.add(chat(r1, clock.millis()));
        }

        List<AppendResult> results = store.appendAll(batch, null);

        assertThat(results).hasSize(41).allMatch(r -> r instanceof AppendResult.Stored);
        assertThat(calls("zadd")).as("runs: 30 chats, a gift, 10 chats").isEqualTo(3);
        assertThat(calls("hset")).as("the head, once").isEqualTo(1);
        assertThat(ids(roomOnly(r1))).containsExactlyElementsOf(ids(batch));
        assertThat(redis.pttl(RawRedis.b(RedisKeys.head(r1)))).as("the head expires").isPositive()
                .isLessThanOrEqualTo(ROOMY.longestAgeMillis() + 1_000);
        assertThat(s(redis.hget(RawRedis.b(RedisKeys.head(r1)), RawRedis.b("seq")))).isEqualTo("41");
    }

    @Test
    void givenRunFailingPartWay_appendAll_leavesItsPositionsAndBudgetUntaken() {
        breakStream(r1, Category.NOTIFY);
        AdmissionPolicy policy = AdmissionPolicy.ofRate(3).withCriticalRate(1);
        long now = clock.millis();
        List<Message> batch = List.of(inRoom(r1, Category.GIFT, Priority.HIGH, now), inRoom(r1, Category.NOTIFY, Priority.HIGH, now),
                inRoom(r1, Category.NOTIFY, Priority.HIGH, now), inRoom(r1, Category.GIFT, Priority.HIGH, now));

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, policy), PartialBatchException.class);

        assertThat(failure.done()).hasSize(1);
        Message first = ((AppendResult.Stored) failure.done().get(0)).stored();
        List<AppendResult> after = store.appendAll(List.of(inRoom(r1, Category.GIFT, Priority.HIGH, now),
                inRoom(r1, Category.GIFT, Priority.HIGH, now), inRoom(r1, Category.GIFT, Priority.HIGH, now)), policy);
        Message next = ((AppendResult.Stored) after.get(0)).stored();
        assertThat(next.position().seq()).as("the failed run took no position").isEqualTo(first.position().seq() + 1);
        assertThat(after.get(1)).as("the failed run spent none of the 3 tokens").isInstanceOf(AppendResult.Stored.class);
        assertThat(after.get(2)).isEqualTo(new AppendResult.Refused(DropReason.OVERLOAD));
    }

    @Test
    void givenStateHashBrokenMidRun_appendAll_storesTheRunBeforeTheFailingMessageOnly() {
        redis.set(RawRedis.b(RedisKeys.state(r1)), RawRedis.b("broken"));
        long now = clock.millis();
        List<Message> batch = List.of(chat(r1, now), chat(r1, now), state(r1, "pk.score", 1, now), chat(r1, now));

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, null), PartialBatchException.class);

        assertThat(failure.getMessage()).contains("WRONGTYPE");
        assertThat(failure.done()).hasSize(2);
        assertThat(ids(roomOnly(r1))).containsExactly(batch.get(0).id(), batch.get(1).id());
    }

    @Test
    void givenFamilyComingBackAfterAnother_appendAll_sendsItAgainInTheNextRound() {
        List<Message> batch = List.of(chat(r1, clock.millis()), chat(r1, clock.millis()), chat(r2, clock.millis()),
                chat(r1, clock.millis()), chat(r2, clock.millis()));

        store.appendAll(batch, null);

        assertThat(scriptCalls()).as("rounds {r1 r1, r2} and {r1, r2}").isEqualTo(4);
        assertThat(ids(roomOnly(r1))).containsExactly(batch.get(0).id(), batch.get(1).id(), batch.get(3).id());
    }

    @Test
    void givenScriptCacheFlushed_appendAll_loadsItAgainAndStoresEveryFamily() {
        redis.scriptFlush();
        List<Message> batch = List.of(chat(r1, clock.millis()), chat(r2, clock.millis()), broadcast(clock.millis()));

        List<AppendResult> results = store.appendAll(batch, null);

        assertThat(results).allMatch(r -> r instanceof AppendResult.Stored s && !s.duplicate());
        assertThat(ids(roomOnly(r1))).containsExactly(batch.get(0).id());
        assertThat(ids(roomOnly(r2))).containsExactly(batch.get(1).id());
    }

    @Test
    void givenOneStreamOfTheRoomBroken_appendAll_stopsTheRoomsCallAtThatMessage() {
        breakStream(r1, Category.GIFT);
        long now = clock.millis();
        List<Message> batch = List.of(chat(r1, now), inRoom(r1, Category.GIFT, Priority.HIGH, now), chat(r1, now));

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, null), PartialBatchException.class);

        assertThat(failure.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("WRONGTYPE");
        assertThat(failure.done()).hasSize(1);
        assertThat(((AppendResult.Stored) failure.done().get(0)).stored().id()).isEqualTo(batch.get(0).id());
        // The room's feed cannot be read past the broken stream: its chat stream holds the first chat only.
        assertThat(redis.zcard(RawRedis.b(RedisKeys.stream(new StreamKey(r1, Category.CHAT, null))))).isEqualTo(1);
    }

    /**
     * The decision of DECISIONS.md ("Redis batches fail part way per round"): the families of one round
     * go out together, so a message of another family after the failing one, in the same round, may be
     * stored though not reported; the failing family and later rounds store nothing more.
     */
    @Test
    void givenFailingFamilyFirstInItsRound_appendAll_reportsNothingDoneAndSendsNoLaterRound() {
        for (Category category : Category.values()) {
            breakStream(broken, category);
        }
        long now = clock.millis();
        List<Message> batch = List.of(chat(broken, now), chat(r1, now), chat(r2, now), chat(r1, now));

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, null), PartialBatchException.class);

        assertThat(failure.done()).isEmpty();
        assertThat(ids(roomOnly(r1))).as("sent in the failing round: stored, not reported").containsExactly(batch.get(1).id());
        assertThat(ids(roomOnly(r2))).containsExactly(batch.get(2).id());
    }
}
