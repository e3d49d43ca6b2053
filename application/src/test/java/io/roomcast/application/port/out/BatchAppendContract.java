package io.roomcast.application.port.out;

import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import java.util.stream.Stream;
import java.util.Map;
import java.util.HashMap;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch part of {@link MessageStoreContract} (which extends this, so every store runs it):
 * {@link MessageStore#appendAll} keeps batch order in positions, honours idempotency keys inside
 * and across batches, judges room budgets as one-by-one appends would, applies retention, and when
 * its storage fails part way reports what it did before and stores nothing after.
 */
public abstract class BatchAppendContract extends SliceContract {
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");

    /**
     * Makes {@code store}'s backing storage fail every later write of a message of {@code room}
     * (as a full disk or a damaged key would); the store's own code runs as in production.
     */
    protected abstract void breakWritesOf(MessageStore store, RoomId room) throws Exception;

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static List<Message> stored(List<AppendResult> results) {
        return results.stream().map(r -> ((AppendResult.Stored) r).stored()).toList();
    }

    private List<Message> all(MessageStore store, RoomId room) {
        return store.readSince(Feed.guest(room), Cursor.ORIGIN, 1_000).messages();
    }

    /** The room's own messages (no broadcasts), in order. */
    private List<Message> roomOnly(MessageStore store, RoomId room) {
        return all(store, room).stream().filter(m -> m.family() == Family.ROOM).toList();
    }

    @Test
    void givenBatchOverRoomsUsersAndBroadcasts_appendAll_givesPositionsInBatchOrder() throws Exception {
        MessageStore store = store(ROOMY);
        Message before = store.append(chat(r1, clock.millis())).stored();
        List<Message> batch = List.of(chat(r1, clock.millis()), chat(r2, clock.millis()), broadcast(clock.millis()),
                toUser(user("alice"), clock.millis()), chat(r1, clock.millis()), chat(r2, clock.millis()));

        List<AppendResult> results = store.appendAll(batch, null);

        assertThat(results).hasSize(batch.size()).allMatch(r -> r instanceof AppendResult.Stored s && !s.duplicate());
        List<Message> stored = stored(results);
        assertThat(ids(stored)).containsExactlyElementsOf(ids(batch));
        // Positions follow batch order inside each family (each room's sequence, the platform's).
        Map<Object, Position> last = new HashMap<>(Map.of(r1, before.position()));
        for (Message m : stored) {
            Object family = m.family() == Family.ROOM ? m.roomId() : Family.PLATFORM;
            Position previous = last.put(family, m.position());
            if (previous != null) {
                assertThat(m.position()).isGreaterThan(previous);
            }
        }
        assertThat(store.head(r1).room()).isEqualTo(stored.get(4).position().part());
        assertThat(all(store, r1)).containsExactlyElementsOf(
                Stream.of(before, stored.get(0), stored.get(2), stored.get(4)).sorted(Message.ORDER).toList());
        assertThat(all(store, r2)).containsExactlyElementsOf(
                Stream.of(stored.get(1), stored.get(2), stored.get(5)).sorted(Message.ORDER).toList());
    }

    @Test
    void givenBatchInterleavingManyRoomsAndThePlatform_appendAll_keepsEveryFamilyInBatchOrder() throws Exception {
        MessageStore store = store(ROOMY);
        List<RoomId> rooms = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            rooms.add(room("many" + r));
        }
        List<Message> batch = new ArrayList<>();
        for (int turn = 0; turn < 5; turn++) {
            for (RoomId room : rooms) {
                batch.add(chat(room, clock.millis()));
            }
            batch.add(turn % 2 == 0 ? broadcast(clock.millis()) : toUser(user("alice"), clock.millis()));
        }

        List<Message> stored = stored(store.appendAll(batch, AdmissionPolicy.defaults()));

        assertThat(ids(stored)).containsExactlyElementsOf(ids(batch));
        for (RoomId room : rooms) {
            List<Message> ofRoom = stored.stream().filter(m -> room.equals(m.roomId())).toList();
            assertThat(ofRoom).hasSize(5);
            for (int i = 1; i < ofRoom.size(); i++) {
                assertThat(ofRoom.get(i).position()).isGreaterThan(ofRoom.get(i - 1).position());
            }
            assertThat(store.head(room).room()).isEqualTo(ofRoom.get(4).position().part());
            assertThat(ids(roomOnly(store, room))).containsExactlyElementsOf(ids(ofRoom));
        }
        List<Message> platform = stored.stream().filter(m -> m.family() == Family.PLATFORM).toList();
        for (int i = 1; i < platform.size(); i++) {
            assertThat(platform.get(i).position()).isGreaterThan(platform.get(i - 1).position());
        }
    }

    @Test
    void givenStateVersionsOutOfOrderInOneBatch_appendAll_storesEachAndKeepsTheNewestVersion() throws Exception {
        MessageStore store = store(ROOMY);
        long now = clock.millis();
        List<Message> batch = List.of(state(r1, "pk.score", 1, now), chat(r1, now), state(r1, "pk.score", 3, now),
                state(r1, "pk.score", 2, now), state(r1, "room.online", 7, now));

        List<Message> stored = stored(store.appendAll(batch, null));

        assertThat(ids(all(store, r1))).containsExactlyElementsOf(ids(batch));
        assertThat(store.latestStates(r1)).containsExactlyInAnyOrder(stored.get(2), stored.get(4));
    }

    @Test
    void givenKeyedAndUnkeyedOfTwoRoomsInterleaved_appendAll_answersEachRetryWithItsFirst() throws Exception {
        MessageStore store = store(ROOMY);
        long now = clock.millis();
        List<Message> batch = List.of(withKey(chat(r1, now), "k-r1"), withKey(chat(r2, now), "k-r2"), chat(r1, now),
                withKey(chat(r2, now), "k-r2"), chat(r2, now), withKey(chat(r1, now), "k-r1"));

        List<AppendResult> results = store.appendAll(batch, AdmissionPolicy.defaults());

        Message firstOfR1 = ((AppendResult.Stored) results.get(0)).stored();
        Message firstOfR2 = ((AppendResult.Stored) results.get(1)).stored();
        assertThat(results.get(3)).isEqualTo(new AppendResult.Stored(firstOfR2, true));
        assertThat(results.get(5)).isEqualTo(new AppendResult.Stored(firstOfR1, true));
        assertThat(ids(roomOnly(store, r1)))
                .containsExactly(batch.get(0).id(), batch.get(2).id());
        assertThat(ids(roomOnly(store, r2)))
                .containsExactly(batch.get(1).id(), batch.get(4).id());
    }

    @Test
    void givenTwoRoomsBudgetsInterleaved_appendAll_refusesInEachRoomWhatOneByOneWould() throws Exception {
        MessageStore store = store(ROOMY);
        AdmissionPolicy policy = AdmissionPolicy.ofRate(2).withCriticalRate(1);
        long now = clock.millis();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(inRoom(r1, Category.GIFT, Priority.HIGH, now));
            batch.add(inRoom(r2, Category.GIFT, Priority.HIGH, now));
        }
        batch.add(broadcast(now));

        List<AppendResult> results = store.appendAll(batch, policy);

        assertThat(results.subList(0, 4)).allMatch(r -> r instanceof AppendResult.Stored);
        assertThat(results.subList(4, 6)).containsOnly(new AppendResult.Refused(DropReason.OVERLOAD));
        assertThat(results.get(6)).as("the platform has no room budget").isInstanceOf(AppendResult.Stored.class);
        assertThat(ids(roomOnly(store, r1)))
                .containsExactly(batch.get(0).id(), batch.get(2).id());
    }

    @Test
    void givenEmptyBatch_appendAll_storesNothing() throws Exception {
        MessageStore store = store(ROOMY);
        assertThat(store.appendAll(List.of(), AdmissionPolicy.defaults())).isEmpty();
        assertThat(store.head(r1).room().seq()).isZero();
        assertThat(store.head(r1).platform().seq()).isZero();
    }

    @Test
    void givenKeyTwiceInOneBatch_appendAll_storesItOnceAndAnswersTheFirst() throws Exception {
        MessageStore store = store(ROOMY);
        List<Message> batch = List.of(withKey(chat(r1, clock.millis()), "order-1"), chat(r1, clock.millis()),
                withKey(chat(r1, clock.millis()), "order-1"));

        List<AppendResult> results = store.appendAll(batch, AdmissionPolicy.defaults());

        AppendResult.Stored first = (AppendResult.Stored) results.get(0);
        assertThat(first.duplicate()).isFalse();
        assertThat(results.get(2)).isEqualTo(new AppendResult.Stored(first.stored(), true));
        assertThat(ids(all(store, r1))).containsExactly(batch.get(0).id(), batch.get(1).id());
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("order-1"))).contains(first.stored());
    }

    @Test
    void givenKeyStoredByAnEarlierBatch_appendAll_answersTheFirstAndStoresTheRest() throws Exception {
        MessageStore store = store(ROOMY);
        Message first = stored(store.appendAll(List.of(withKey(chat(r1, clock.millis()), "order-7")), null)).get(0);
        clock.advance(10);
        Message fresh = chat(r1, clock.millis());

        List<AppendResult> results = store.appendAll(List.of(withKey(chat(r1, clock.millis()), "order-7"), fresh), null);

        assertThat(results.get(0)).isEqualTo(new AppendResult.Stored(first, true));
        assertThat(((AppendResult.Stored) results.get(1)).duplicate()).isFalse();
        assertThat(ids(all(store, r1))).containsExactly(first.id(), fresh.id());
    }

    @Test
    void givenRoomBudgetOfTwo_appendAll_refusesWhatOneByOneWouldAndKeyedRetriesSpendNothing() throws Exception {
        MessageStore store = store(ROOMY);
        AdmissionPolicy policy = AdmissionPolicy.ofRate(2).withCriticalRate(1);
        long now = clock.millis();
        Message keyed = withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1");
        List<Message> batch = List.of(keyed, inRoom(r1, Category.GIFT, Priority.HIGH, now),
                withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1"), inRoom(r1, Category.GIFT, Priority.HIGH, now),
                inRoom(r2, Category.GIFT, Priority.HIGH, now), toUser(user("alice"), now));

        List<AppendResult> results = store.appendAll(batch, policy);

        assertThat(results.get(0)).isInstanceOf(AppendResult.Stored.class);
        assertThat(results.get(1)).isInstanceOf(AppendResult.Stored.class);
        assertThat(results.get(2)).as("a retry inside the batch spends no budget")
                .isEqualTo(new AppendResult.Stored(((AppendResult.Stored) results.get(0)).stored(), true));
        assertThat(results.get(3)).isEqualTo(new AppendResult.Refused(DropReason.OVERLOAD));
        assertThat(results.get(4)).as("another room has its own budget").isInstanceOf(AppendResult.Stored.class);
        assertThat(results.get(5)).as("a user's message has no room budget").isInstanceOf(AppendResult.Stored.class);
        assertThat(ids(all(store, r1))).containsExactly(batch.get(0).id(), batch.get(1).id());
    }

    @Test
    void givenBatchLongerThanRetainedCount_appendAll_keepsTheNewestAndReportsTheGap() throws Exception {
        MessageStore store = store(Retention.uniform(3, Duration.ofHours(1)));
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(chat(r1, clock.advance(1)));
        }

        List<Message> stored = stored(store.appendAll(batch, null));

        assertThat(ids(all(store, r1))).containsExactlyElementsOf(ids(batch.subList(3, 6)));
        ReadResult fromFirst = store.readSince(Feed.guest(r1), Cursor.ORIGIN.advance(stored.get(0)), 100);
        assertThat(fromFirst.gap()).isTrue();
        assertThat(ids(fromFirst.messages())).containsExactlyElementsOf(ids(batch.subList(3, 6)));
    }

    @Test
    void givenOldestPastTheirAge_appendAll_removesThemOnceAndReportsTheGapToReadersFromBefore() throws Exception {
        MessageStore store = store(Retention.uniform(1_000, Duration.ofSeconds(60)));
        Message first = store.append(chat(r1, clock.millis())).stored();
        store.append(chat(r1, clock.advance(1)));
        Message young = store.append(chat(r1, clock.advance(30_000))).stored();
        clock.advance(40_000);
        List<Message> batch = List.of(chat(r1, clock.millis()), inRoom(r1, Category.GIFT, Priority.HIGH, clock.millis()),
                chat(r1, clock.millis()));

        List<Message> stored = stored(store.appendAll(batch, null));

        assertThat(ids(all(store, r1))).containsExactly(young.id(), batch.get(0).id(), batch.get(1).id(), batch.get(2).id());
        ReadResult fromFirst = store.readSince(Feed.guest(r1), Cursor.ORIGIN.advance(first), 100);
        assertThat(fromFirst.gap()).as("the second went after the first").isTrue();
        assertThat(ids(fromFirst.messages())).containsExactly(young.id(), stored.get(0).id(), stored.get(1).id(),
                stored.get(2).id());
    }

    @Test
    void givenStorageFailingForOneRoom_appendAll_reportsWhatWentBeforeAndStoresNothingAfter() throws Exception {
        MessageStore store = store(ROOMY);
        RoomId broken = room("broken");
        breakWritesOf(store, broken);
        AdmissionPolicy policy = AdmissionPolicy.ofRate(2).withCriticalRate(1);
        long now = clock.millis();
        List<Message> batch = List.of(inRoom(r1, Category.GIFT, Priority.HIGH, now), inRoom(r1, Category.GIFT, Priority.HIGH, now),
                inRoom(r1, Category.GIFT, Priority.HIGH, now), inRoom(r2, Category.GIFT, Priority.HIGH, now),
                inRoom(broken, Category.GIFT, Priority.HIGH, now), chat(r1, now), chat(r2, now));

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, policy), PartialBatchException.class);

        assertThat(failure).as("a failure part way is reported with what was done").isNotNull();
        assertThat(failure.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(failure.done()).hasSize(4);
        assertThat(failure.done().get(2)).isEqualTo(new AppendResult.Refused(DropReason.OVERLOAD));
        List<Message> done = List.of(((AppendResult.Stored) failure.done().get(0)).stored(),
                ((AppendResult.Stored) failure.done().get(1)).stored(), ((AppendResult.Stored) failure.done().get(3)).stored());
        assertThat(ids(done)).containsExactly(batch.get(0).id(), batch.get(1).id(), batch.get(3).id());
        assertThat(all(store, r1)).as("nothing after the failure is stored").containsExactly(done.get(0), done.get(1));
        assertThat(all(store, r2)).containsExactly(done.get(2));
        assertThat(store.appendAll(List.of(chat(r2, now)), null)).as("other rooms are still stored")
                .allMatch(r -> r instanceof AppendResult.Stored);
    }

    @Test
    void givenStoredMessageInBatch_appendAll_isRejectedBeforeAnythingIsStored() throws Exception {
        MessageStore store = store(ROOMY);
        Message stored = store.append(chat(r1, clock.millis())).stored();
        Message fresh = chat(r2, clock.millis());

        assertThatThrownBy(() -> store.appendAll(List.of(fresh, stored), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(all(store, r2)).isEmpty();
    }
}
