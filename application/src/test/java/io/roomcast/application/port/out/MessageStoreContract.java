package io.roomcast.application.port.out;

import io.roomcast.testing.Cursors;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.critical;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withBinaryPayload;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MessageStore} passes: the in-memory, Redis and Chronicle stores run
 * this same suite, so backends cannot drift apart. A new store passes it and needs nothing else.
 *
 * <p>Subclasses create a fresh, empty store per call of {@link #createStore}; the suite closes
 * every store it created. Time comes from {@link #clock}; no test sleeps. The room budget's part of
 * the contract is in {@link AdmissionContract}, batch appends in {@link BatchAppendContract}; this
 * suite extends both.
 */
public abstract class MessageStoreContract extends HandOffContract {
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");

    private List<Message> readAll(MessageStore store, Feed feed, int page) {
        List<Message> all = new ArrayList<>();
        Cursor cursor = Cursor.ORIGIN;
        for (int guard = 0; guard < 100_000; guard++) {
            ReadResult read = store.readSince(feed, cursor, page);
            assertThat(read.messages()).hasSizeLessThanOrEqualTo(page);
            all.addAll(read.messages());
            assertThat(read.through().covers(cursor)).isTrue();
            cursor = read.through();
            if (!read.more()) {
                return all;
            }
        }
        throw new AssertionError("paging did not end");
    }

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    @Test
    void givenAppends_readSinceOrigin_returnsThemInAppendOrderWithIncreasingPositions() throws Exception {
        MessageStore store = store(ROOMY);
        List<Message> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clock.advance(3);
            Message m = i % 3 == 0 ? giftWorth(r1, 100 + i, Priority.NORMAL, clock.millis()) : chat(r1, clock.millis());
            appended.add(store.append(m).stored());
        }
        ReadResult read = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100);
        assertThat(ids(read.messages())).containsExactlyElementsOf(ids(appended));
        for (int i = 1; i < read.messages().size(); i++) {
            Position previous = read.messages().get(i - 1).position();
            Position current = read.messages().get(i).position();
            assertThat(current.seq()).isGreaterThan(previous.seq());
            assertThat(current.millis()).isGreaterThanOrEqualTo(previous.millis());
        }
        assertThat(read.through()).isEqualTo(Cursors.after(appended));
        assertThat(read.more()).isFalse();
        assertThat(read.gap()).isFalse();
    }

    @Test
    void givenStoredMessage_read_returnsEveryFieldAsAppended() throws Exception {
        MessageStore store = store(ROOMY);
        Message gift = giftWorth(r1, 5_000, Priority.HIGH, clock.millis());
        Message binary = withBinaryPayload(chat(r1, clock.millis()), new byte[] {0, 1, 2, (byte) 0xFF});
        Message keyed = withKey(state(r1, "pk.score", 7, clock.millis()), "order-42");
        Message stored1 = store.append(gift).stored();
        store.append(binary);
        store.append(keyed);

        List<Message> read = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10).messages();
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).isEqualTo(stored1);
        assertThat(read.get(0)).isEqualTo(gift.storedAt(stored1.position()));
        assertThat(read.get(1).payload().bytes()).containsExactly(0, 1, 2, 0xFF);
        assertThat(read.get(1).payload().isJson()).isFalse();
        assertThat(read.get(2).stateKey().value()).isEqualTo("pk.score");
        assertThat(read.get(2).version()).isEqualTo(7);
        assertThat(read.get(2).idempotencyKey()).isEqualTo(IdempotencyKey.of("order-42"));
        assertThat(read.get(2).category()).isEqualTo(Category.PK);
    }

    @Test
    void givenThousandMessagesInOneMillisecond_pagingWithCursors_returnsEachExactlyOnceInOrder() throws Exception {
        MessageStore store = store(ROOMY);
        List<MessageId> appended = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            appended.add(store.append(chat(r1, clock.millis())).stored().id());
        }
        List<Message> read = readAll(store, Feed.guest(r1), 7);
        assertThat(ids(read)).containsExactlyElementsOf(appended);
        assertThat(read.stream().map(m -> m.position().millis()).distinct()).hasSize(1);
    }

    @Test
    void givenMoreThanMax_readSince_returnsMaxAndFlagsMore() throws Exception {
        MessageStore store = store(ROOMY);
        for (int i = 0; i < 10; i++) {
            store.append(chat(r1, clock.advance(1)));
        }
        ReadResult first = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 4);
        assertThat(first.messages()).hasSize(4);
        assertThat(first.more()).isTrue();
        assertThat(first.through()).isEqualTo(Cursors.after(first.messages()));
        ReadResult rest = store.readSince(Feed.guest(r1), first.through(), 100);
        assertThat(rest.messages()).hasSize(6);
        assertThat(rest.more()).isFalse();
        ReadResult none = store.readSince(Feed.guest(r1), rest.through(), 100);
        assertThat(none.messages()).isEmpty();
        assertThat(none.through()).isEqualTo(rest.through());
        assertThat(none.more()).isFalse();
    }

    @Test
    void givenMixOfCategoriesAndScopes_readSince_mergesRoomBroadcastAndOwnUnicastInPositionOrder() throws Exception {
        MessageStore store = store(ROOMY);
        List<Message> expectedForAlice = new ArrayList<>();
        expectedForAlice.add(store.append(chat(r1, clock.advance(1))).stored());
        store.append(chat(r2, clock.advance(1)));
        expectedForAlice.add(store.append(giftWorth(r1, 10, Priority.NORMAL, clock.advance(1))).stored());
        expectedForAlice.add(store.append(broadcast(clock.advance(1))).stored());
        expectedForAlice.add(store.append(toUser(user("alice"), clock.advance(1))).stored());
        store.append(toUser(user("bob"), clock.advance(1)));
        expectedForAlice.add(store.append(inRoom(r1, Category.PK, Priority.NORMAL, clock.advance(1))).stored());
        expectedForAlice.add(store.append(inRoom(r1, Category.NOTIFY, Priority.LOWEST, clock.advance(1))).stored());

        List<Message> alice = readAll(store, new Feed(r1, user("alice")), 2);
        assertThat(ids(alice)).containsExactlyElementsOf(ids(expectedForAlice));

        List<Message> guest = readAll(store, Feed.guest(r1), 100);
        assertThat(guest).hasSize(5).noneMatch(m -> m.recipient() != null);

        List<Message> otherRoom = readAll(store, Feed.guest(r2), 100);
        assertThat(otherRoom).hasSize(2);
        assertThat(otherRoom.get(1).scope()).isEqualTo(io.roomcast.domain.message.Scope.BROADCAST);
    }

    @Test
    void givenStreamsOfDifferentLengths_pagingWithSmallMax_missesNothing() throws Exception {
        MessageStore store = store(ROOMY);
        List<Message> appended = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            clock.advance(i % 4 == 0 ? 1 : 0);
            Message m = switch (i % 5) {
                case 0, 1, 2 -> chat(r1, clock.millis());
                case 3 -> giftWorth(r1, i, Priority.NORMAL, clock.millis());
                default -> i % 2 == 0 ? broadcast(clock.millis()) : toUser(user("alice"), clock.millis());
            };
            appended.add(store.append(m).stored());
        }
        // Message.ORDER: by millis, the room's before the platform's in one millisecond, each family by seq.
        appended.sort(Message.ORDER);
        assertThat(ids(readAll(store, new Feed(r1, user("alice")), 3))).containsExactlyElementsOf(ids(appended));
    }

    @Test
    void givenMoreThanRetainedCount_oldestAreRemoved_andReadFromBeforeThemReportsGap() throws Exception {
        MessageStore store = store(Retention.uniform(5, Duration.ofHours(1)));
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stored.add(store.append(chat(r1, clock.advance(1))).stored());
        }
        ReadResult fromOrigin = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100);
        assertThat(ids(fromOrigin.messages())).containsExactlyElementsOf(ids(stored.subList(3, 8)));
        assertThat(fromOrigin.gap()).as("cursor 0 asks for the oldest retained: no gap").isFalse();

        ReadResult fromFirst = store.readSince(Feed.guest(r1), Cursors.after(stored.get(0)), 100);
        assertThat(fromFirst.gap()).as("messages 2 and 3 after this cursor are gone").isTrue();
        assertThat(ids(fromFirst.messages())).containsExactlyElementsOf(ids(stored.subList(3, 8)));

        ReadResult fromRetained = store.readSince(Feed.guest(r1), Cursors.after(stored.get(3)), 100);
        assertThat(fromRetained.gap()).isFalse();
        assertThat(fromRetained.messages()).hasSize(4);
    }

    @Test
    void givenRetentionByCount_otherStreamsKeepTheirOwnMessages() throws Exception {
        MessageStore store = store(Retention.uniform(3, Duration.ofHours(1)));
        Message gift = store.append(giftWorth(r1, 10, Priority.NORMAL, clock.advance(1))).stored();
        for (int i = 0; i < 10; i++) {
            store.append(chat(r1, clock.advance(1)));
        }
        List<Message> read = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100).messages();
        assertThat(read).hasSize(4);
        assertThat(read.get(0).id()).isEqualTo(gift.id());
    }

    @Test
    void givenMessagesOlderThanRetentionAge_nextWriteToTheStream_removesThem() throws Exception {
        MessageStore store = store(Retention.uniform(1_000, Duration.ofSeconds(60)));
        Message old = store.append(chat(r1, clock.millis())).stored();
        clock.advance(30_000);
        Message middle = store.append(chat(r1, clock.millis())).stored();
        clock.advance(40_000);
        Message fresh = store.append(chat(r1, clock.millis())).stored();

        ReadResult read = store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100);
        assertThat(ids(read.messages())).containsExactly(middle.id(), fresh.id());
        assertThat(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100).messages()).doesNotContain(old);
        assertThat(store.readSince(Feed.guest(r1), Cursors.after(old), 100).gap()).isFalse();
    }

    @Test
    void givenIdempotencyKey_secondAppend_returnsFirstAndStoresNothingNew() throws Exception {
        MessageStore store = store(ROOMY);
        AppendResult.Stored first = store.append(withKey(giftWorth(r1, 500, Priority.NORMAL, clock.millis()), "order-1"));
        clock.advance(10);
        AppendResult.Stored retry = store.append(withKey(giftWorth(r1, 500, Priority.NORMAL, clock.millis()), "order-1"));
        AppendResult.Stored other = store.append(withKey(giftWorth(r1, 500, Priority.NORMAL, clock.millis()), "order-2"));

        assertThat(first.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.stored()).isEqualTo(first.stored());
        assertThat(other.duplicate()).isFalse();
        assertThat(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 100).messages()).hasSize(2);
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("order-1"))).contains(first.stored());
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("order-3"))).isEmpty();
    }

    @Test
    void givenSeveralThreadsAppending_everyMessageIsStoredOnceWithAUniquePosition() throws Exception {
        MessageStore store = store(ROOMY);
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Message>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RoomId room = t % 2 == 0 ? r1 : r2;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Message> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.append(chat(room, clock.millis())).stored());
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<Position> positions = new HashSet<>();
            Set<MessageId> appended = new HashSet<>();
            for (Future<List<Message>> f : futures) {
                for (Message m : f.get(60, TimeUnit.SECONDS)) {
                    assertThat(positions.add(m.position())).isTrue();
                    appended.add(m.id());
                }
            }
            List<Message> r1All = readAll(store, Feed.guest(r1), 97);
            List<Message> r2All = readAll(store, Feed.guest(r2), 97);
            assertThat(r1All).hasSize(threads / 2 * perThread);
            assertThat(r2All).hasSize(threads / 2 * perThread);
            Set<MessageId> read = new HashSet<>(ids(r1All));
            read.addAll(ids(r2All));
            assertThat(read).isEqualTo(appended);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenReaderFollowingCursorWhileWritersAppend_readerSeesEveryMessageOnce() throws Exception {
        MessageStore store = store(ROOMY);
        int writers = 3;
        int perWriter = 400;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            AtomicBoolean writing = new AtomicBoolean(true);
            Set<MessageId> appended = ConcurrentHashMap.newKeySet();
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        Message m = writer == 0 && i % 10 == 0 ? broadcast(clock.millis()) : chat(r1, clock.millis());
                        appended.add(store.append(m).stored().id());
                    }
                    return null;
                }));
            }
            Future<List<MessageId>> reader = pool.submit(() -> {
                List<MessageId> seen = new ArrayList<>();
                Cursor cursor = Cursor.ORIGIN;
                while (true) {
                    boolean last = !writing.get();
                    ReadResult read = store.readSince(Feed.guest(r1), cursor, 50);
                    seen.addAll(ids(read.messages()));
                    cursor = read.through();
                    if (last && !read.more()) {
                        return seen;
                    }
                }
            });
            for (Future<?> w : writes) {
                w.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            List<MessageId> seen = reader.get(60, TimeUnit.SECONDS);
            assertThat(new HashSet<>(seen)).hasSize(seen.size());
            assertThat(new HashSet<>(seen)).isEqualTo(appended);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenAppends_head_isEachFamilysNewestPositionWithItsEpoch() throws Exception {
        MessageStore store = store(ROOMY);
        assertThat(store.head(r1).room().seq()).isZero();
        assertThat(store.head(r1).platform().seq()).isZero();
        Message a = store.append(chat(r1, clock.millis())).stored();
        Message other = store.append(chat(r2, clock.millis())).stored();
        Message b = store.append(chat(r1, clock.advance(1))).stored();
        Message last = store.append(toUser(user("alice"), clock.advance(5))).stored();

        assertThat(store.head(r1)).isEqualTo(Cursors.after(b, last));
        assertThat(store.head(r2)).isEqualTo(Cursors.after(other, last));
        assertThat(List.of(a.position().seq(), b.position().seq(), other.position().seq(), last.position().seq()))
                .as("one sequence per room, one for the platform").containsExactly(1L, 2L, 1L, 1L);
        assertThat(a.position().epoch()).isEqualTo(b.position().epoch()).isNotZero();
        assertThat(last.position().epoch()).isNotZero();
        assertThat(a.family()).isEqualTo(Family.ROOM);
        assertThat(last.family()).isEqualTo(Family.PLATFORM);
    }

    @Test
    void givenRoomAndPlatformMessages_pagingWithCursors_returnsTheFeedOnceInOrderPerFamily() throws Exception {
        MessageStore store = store(ROOMY);
        UserId alice = user("alice");
        Set<MessageId> expected = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            clock.advance(i % 4 == 0 ? 0 : 1);
            Message mine = switch (i % 5) {
                case 0 -> chat(r1, clock.millis());
                case 1 -> broadcast(clock.millis());
                case 2 -> toUser(alice, clock.millis());
                case 3 -> toUser(user("bob"), clock.millis());
                default -> chat(r2, clock.millis());
            };
            Message stored = store.append(mine).stored();
            if (i % 5 < 3) {
                expected.add(stored.id());
            }
        }

        List<Message> all = readAll(store, new Feed(r1, alice), 4);

        assertThat(ids(all)).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids(all))).isEqualTo(expected);
        for (Family family : Family.values()) {
            List<Long> seqs = all.stream().filter(m -> m.family() == family).map(m -> m.position().seq()).toList();
            assertThat(seqs).isSorted();
        }
        ReadResult latest = store.readLatest(new Feed(r1, alice), 5);
        assertThat(latest.through()).isEqualTo(store.head(r1));
        assertThat(store.readSince(new Feed(r1, alice), latest.through(), 10).messages()).isEmpty();
    }

    @Test
    void givenCursorOfAnotherEpoch_readSince_readsTheFamilyFromItsOldestWithAGap() throws Exception {
        MessageStore store = store(ROOMY);
        Message first = store.append(chat(r1, clock.millis())).stored();
        Message second = store.append(chat(r1, clock.millis())).stored();
        long epoch = first.position().epoch();
        Cursor foreign = new Cursor(new Cursor.Part(epoch == 1 ? 2 : epoch ^ 1, 1), Cursor.Part.ORIGIN);

        ReadResult read = store.readSince(Feed.guest(r1), foreign, 10);

        assertThat(read.gap()).isTrue();
        assertThat(ids(read.messages())).containsExactly(first.id(), second.id());
        assertThat(read.through()).isEqualTo(Cursors.after(second));
    }

    @Test
    void givenClockGoingBackwards_positionsNeverGoBackInTime() throws Exception {
        MessageStore store = store(ROOMY);
        Message first = store.append(chat(r1, clock.millis())).stored();
        clock.advance(-5_000);
        Message second = store.append(chat(r1, clock.millis())).stored();
        assertThat(second.position().millis()).isGreaterThanOrEqualTo(first.position().millis());
        assertThat(second.position()).isGreaterThan(first.position());
        assertThat(second.createdAt()).isEqualTo(second.position().millis());
        assertThat(store.readSince(Feed.guest(r1), Cursors.after(first), 10).messages()).containsExactly(second);
    }

    @Test
    void givenStateMessages_latestStates_returnsNewestVersionPerKey() throws Exception {
        MessageStore store = store(ROOMY);
        store.append(state(r1, "pk.score", 1, clock.advance(1)));
        Message online = store.append(state(r1, "online", 3, clock.advance(1))).stored();
        Message score = store.append(state(r1, "pk.score", 5, clock.advance(1))).stored();
        store.append(state(r1, "pk.score", 4, clock.advance(1)));
        store.append(state(r2, "pk.score", 9, clock.advance(1)));
        store.append(chat(r1, clock.advance(1)));

        assertThat(store.latestStates(r1)).containsExactly(online, score);
        assertThat(store.latestStates(room("quiet"))).isEmpty();
    }

    @Test
    void givenManyMessages_readLatest_returnsTheNewestInOrder() throws Exception {
        MessageStore store = store(ROOMY);
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Message m = i % 4 == 0 ? critical(r1, clock.advance(1)) : chat(r1, clock.advance(1));
            stored.add(store.append(m).stored());
        }
        store.append(chat(r2, clock.advance(1)));
        ReadResult latest = store.readLatest(Feed.guest(r1), 5);
        assertThat(ids(latest.messages())).containsExactlyElementsOf(ids(stored.subList(25, 30)));
        assertThat(latest.through()).isEqualTo(store.head(r1));
        assertThat(latest.through().room()).isEqualTo(stored.get(29).position().part());
        assertThat(store.readLatest(Feed.guest(room("empty")), 5).messages()).isEmpty();
    }

    @Test
    void givenUnknownRoom_readSince_isEmptyNotAnError() throws Exception {
        MessageStore store = store(ROOMY);
        store.append(chat(r1, clock.millis()));
        ReadResult read = store.readSince(Feed.guest(room("nobody-here")), Cursor.ORIGIN, 10);
        assertThat(read.messages()).isEmpty();
        assertThat(read.more()).isFalse();
        assertThat(read.gap()).isFalse();
    }
}
