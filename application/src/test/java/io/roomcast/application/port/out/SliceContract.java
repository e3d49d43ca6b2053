package io.roomcast.application.port.out;

import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.RoomId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slice part of {@link MessageStoreContract} (which extends this, so every store runs it):
 * {@link MessageStore#closeSlice} reads a room's guest feed by position time, and once a slice is
 * closed nothing stored later lands in it, so it reads the same again; retention makes it gone.
 */
public abstract class SliceContract extends AdmissionContract {
    private static final long WIDTH = 1_000;
    private final RoomId r1 = room("r1");

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static Message stored(MessageStore store, Message m) {
        return store.append(m).stored();
    }

    /** The start of a slice comfortably after the clock's now, so the test owns every message in it. */
    private long sliceStart() {
        return (clock.millis() / WIDTH + 1) * WIDTH;
    }

    @Test
    void givenMessagesAroundSlice_closeSlice_readsTheGuestFeedPositionedInIt() throws Exception {
        MessageStore store = store(ROOMY);
        long from = sliceStart();
        stored(store, chat(r1, from - 1));
        Message first = stored(store, chat(r1, from));
        Message cast = stored(store, broadcast(from + 10));
        stored(store, toUser(user("alice"), from + 20));
        stored(store, chat(room("r2"), from + 30));
        Message last = stored(store, chat(r1, from + WIDTH - 1));
        stored(store, chat(r1, from + WIDTH));
        clock.set(from + WIDTH + 500);

        SliceRead read = store.closeSlice(r1, from, from + WIDTH, 100);

        assertThat(ids(read.messages())).as("room and broadcasts in order; no unicast, no other room, nothing outside")
                .containsExactly(first.id(), cast.id(), last.id());
        assertThat(read.messages()).isSortedAccordingTo(Message.ORDER);
        assertThat(read.truncated()).isFalse();
        assertThat(read.gone()).isFalse();
    }

    @Test
    void givenClosedSlice_lateMessagesCreatedInIt_arePositionedAfterAndTheSliceReadsTheSame() throws Exception {
        MessageStore store = store(ROOMY);
        long from = sliceStart();
        stored(store, chat(r1, from + 100));
        clock.set(from + WIDTH + 500);
        SliceRead before = store.closeSlice(r1, from, from + WIDTH, 100);

        // Published inside the slice but stored only now (a slow node, a delayed write).
        Message late = stored(store, chat(r1, from + 200));
        Message lateCast = stored(store, broadcast(from + 300));
        Message otherRoom = stored(store, chat(room("r2"), from + 400));

        assertThat(late.position().millis()).isGreaterThanOrEqualTo(from + WIDTH);
        assertThat(lateCast.position().millis()).as("the platform's family is closed too").isGreaterThanOrEqualTo(from + WIDTH);
        assertThat(otherRoom.position().millis()).as("other rooms are not closed").isEqualTo(from + 400);
        assertThat(ids(store.closeSlice(r1, from, from + WIDTH, 100).messages())).isEqualTo(ids(before.messages()));
        assertThat(ids(store.closeSlice(r1, from + WIDTH, from + 2 * WIDTH, 100).messages()))
                .as("the late ones are in the next slice").containsExactly(late.id(), lateCast.id());
    }

    @Test
    void givenRoomWithoutMessages_closeSlice_isEmptyAndClosesIt() throws Exception {
        MessageStore store = store(ROOMY);
        long from = sliceStart();
        clock.set(from + WIDTH + 500);

        assertThat(store.closeSlice(r1, from, from + WIDTH, 100).messages()).isEmpty();
        assertThat(stored(store, chat(r1, from + 1)).position().millis()).isGreaterThanOrEqualTo(from + WIDTH);
    }

    @Test
    void givenMoreThanMax_closeSlice_readsTheFirstByPositionAndSaysTruncated() throws Exception {
        MessageStore store = store(ROOMY);
        long from = sliceStart();
        Message a = stored(store, chat(r1, from + 1));
        Message b = stored(store, broadcast(from + 2));
        stored(store, chat(r1, from + 3));
        stored(store, broadcast(from + 4));
        clock.set(from + WIDTH + 500);

        SliceRead read = store.closeSlice(r1, from, from + WIDTH, 2);

        assertThat(ids(read.messages())).containsExactly(a.id(), b.id());
        assertThat(read.truncated()).isTrue();
    }

    @Test
    void givenRetentionRemovedPartOfSlice_closeSlice_isGone() throws Exception {
        MessageStore store = store(Retention.uniform(2, Duration.ofHours(1)));
        long from = sliceStart();
        stored(store, chat(r1, from + 1));
        stored(store, chat(r1, from + 2));
        stored(store, chat(r1, from + WIDTH + 1)); // the third removes the first
        clock.set(from + 2 * WIDTH + 500);

        assertThat(store.closeSlice(r1, from, from + WIDTH, 100)).isEqualTo(SliceRead.GONE);
        assertThat(store.closeSlice(r1, from + WIDTH, from + 2 * WIDTH, 100).gone()).isFalse();
    }

    @Test
    void givenSliceOlderThanRetentionAge_closeSlice_isGone() throws Exception {
        MessageStore store = store(Retention.uniform(100, Duration.ofMinutes(1)));
        long from = sliceStart();
        stored(store, chat(r1, from + 1));
        clock.set(from + WIDTH + Duration.ofMinutes(1).toMillis());

        assertThat(store.closeSlice(r1, from, from + WIDTH, 100)).isEqualTo(SliceRead.GONE);
    }
}
