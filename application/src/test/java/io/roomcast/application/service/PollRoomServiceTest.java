package io.roomcast.application.service;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import io.roomcast.testing.Cursors;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.critical;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.toUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollRoomServiceTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private final ManualClock clock = new ManualClock();
    private final InMemoryMessageStore store = new InMemoryMessageStore(Retention.uniform(50, Duration.ofHours(1)), clock);
    private final FakeRoomDirectory directory = new FakeRoomDirectory();
    private final PollRoomService service = new PollRoomService(store, directory, clock, DeliveryRules.defaults());

    private Message add(Message m) {
        return store.append(m).stored();
    }

    private PollResult poll(String cursor, Integer limit) {
        return service.poll(new PollQuery(ROOM, null, cursor, limit, null));
    }

    @Test
    void givenBurstOverLimit_poll_picksHighestLevelsKeepsOrderAndCountsPrioritySkips() {
        List<Message> gifts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            add(chat(ROOM, clock.millis()));
            if (i % 5 == 0) {
                gifts.add(add(giftWorth(ROOM, 5_000, Priority.HIGH, clock.millis())));
            }
        }
        PollResult result = poll("0", 5);
        assertThat(result.messages()).hasSize(5);
        assertThat(result.messages()).extracting(Message::id).containsSubsequence(gifts.stream().map(Message::id).toList());
        assertThat(result.messages()).filteredOn(m -> m.priority() == Priority.LOW).hasSize(1);
        assertThat(result.skipped().priority()).isEqualTo(19);
        assertThat(result.messages()).allMatch(m -> m.sentAt() == clock.millis());
        assertThat(result.cursor().room()).isEqualTo(store.head(ROOM).room());
        assertThat(result.more()).isFalse();
        assertThat(poll(result.cursor().encode(), 5).messages()).isEmpty();
    }

    @Test
    void givenStaleChat_poll_dropsItForAgeButKeepsFreshGift() {
        add(chat(ROOM, clock.millis()));
        Message gift = add(giftWorth(ROOM, 10, Priority.NORMAL, clock.millis()));
        clock.advance(20_000);
        PollResult result = poll("0", null);
        assertThat(result.messages()).extracting(Message::id).containsExactly(gift.id());
        assertThat(result.skipped().age()).isEqualTo(1);
    }

    @Test
    void givenNoCursor_poll_returnsLatestMessagesForAJoiningViewer() {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(add(giftWorth(ROOM, 10, Priority.NORMAL, clock.advance(1))));
        }
        PollResult result = poll(null, 3);
        assertThat(result.messages()).extracting(Message::id)
                .containsExactlyElementsOf(all.subList(37, 40).stream().map(Message::id).toList());
        assertThat(result.cursor()).as("the heads").isEqualTo(store.head(ROOM));
        assertThat(result.reset()).isFalse();
    }

    @Test
    void givenCursorFromTheFuture_poll_resetsToLatestAndFlagsIt() {
        Message m = add(chat(ROOM, clock.millis()));
        PollResult result = poll(new Cursor(new Cursor.Part(m.position().epoch(), m.position().seq() + 100),
                Cursor.Part.ORIGIN).encode(), null);
        assertThat(result.reset()).isTrue();
        assertThat(result.messages()).extracting(Message::id).containsExactly(m.id());
        assertThat(result.cursor()).isEqualTo(store.head(ROOM));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"1764288000123-42", "0-0"})
    void givenCursorOfTheOldSingleSequenceForm_poll_resetsToLatestAndFlagsIt(String legacy) {
        Message m = add(chat(ROOM, clock.millis()));
        PollResult result = poll(legacy, null);
        assertThat(result.reset()).isTrue();
        assertThat(result.messages()).extracting(Message::id).containsExactly(m.id());
        assertThat(result.cursor()).isEqualTo(store.head(ROOM));
    }

    @Test
    void givenCursorOfAnotherEpoch_poll_resetsToLatestAndFlagsIt() {
        Message m = add(chat(ROOM, clock.millis()));
        long other = m.position().epoch() == 1 ? 2 : m.position().epoch() ^ 1;
        PollResult result = poll(new Cursor(new Cursor.Part(other, 1), Cursor.Part.ORIGIN).encode(), null);
        assertThat(result.reset()).isTrue();
        assertThat(result.cursor()).isEqualTo(store.head(ROOM));
        assertThat(poll(result.cursor().encode(), null).reset()).isFalse();
    }

    @Test
    void givenCursorOlderThanRetention_poll_flagsResetAndReadsFromOldestRetained() {
        Message first = add(chat(ROOM, clock.millis()));
        for (int i = 0; i < 60; i++) {
            add(giftWorth(ROOM, 10, Priority.NORMAL, clock.millis()));
        }
        PollResult result = poll(Cursors.after(first).encode(), 100);
        assertThat(result.reset()).isTrue();
        assertThat(result.messages()).hasSize(50);
    }

    @Test
    void givenMalformedCursor_poll_failsWithInvalidCursor() {
        assertThatThrownBy(() -> poll("12-abc", null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        assertThatThrownBy(() -> poll("' OR 1=1", null)).isInstanceOf(RoomcastException.class);
    }

    @Test
    void givenLimitOutOfRange_poll_failsWithInvalidArgument() {
        assertThatThrownBy(() -> poll("0", 0))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> poll("0", 101)).hasMessageContaining("limit");
    }

    @Test
    void givenRoomSize_poll_answersPollAfterFromPolicy() {
        assertThat(poll("0", null).pollAfterMs()).isEqualTo(1_500);
        for (int i = 0; i < 150; i++) {
            directory.join(ROOM, "v" + i);
        }
        assertThat(poll("0", null).pollAfterMs()).isEqualTo(1_750);
        for (int i = 0; i < 1_000; i++) {
            service.poll(new PollQuery(ROOM, null, "0", null, "poller" + i));
        }
        assertThat(poll("0", null).pollAfterMs()).isEqualTo(2_000);
        clock.advance(FakeRoomDirectory.POLLER_TTL_MILLIS + 1);
        assertThat(poll("0", null).pollAfterMs()).as("pollers expire").isEqualTo(1_750);
    }

    @Test
    void givenViewersOnOtherNodes_poll_answersPollAfterFromTheCensusNotThisNode() {
        int[] elsewhere = {0};
        RoomCensus census = (room, now) -> directory.online(room, now) + elsewhere[0];
        PollRoomService clustered = new PollRoomService(store, directory, census, clock, DeliveryRules.defaults());
        directory.join(ROOM, "here");

        elsewhere[0] = 1_200;
        PollResult result = clustered.poll(new PollQuery(ROOM, null, "0", null, null));

        assertThat(result.pollAfterMs()).isEqualTo(2_000);
        assertThat(poll("0", null).pollAfterMs()).as("this node alone").isEqualTo(1_500);
    }

    @Test
    void givenMoreCriticalsThanLimit_poll_deliversThemAllOverSeveralPollsAndSaysMore() {
        for (int i = 0; i < 7; i++) {
            add(critical(ROOM, clock.millis()));
            add(chat(ROOM, clock.millis()));
        }
        PollResult first = poll("0", 3);
        assertThat(first.messages()).hasSize(3).allMatch(m -> m.priority() == Priority.CRITICAL);
        assertThat(first.more()).isTrue();
        assertThat(first.pollAfterMs()).isEqualTo(PollRoomService.CATCH_UP_MILLIS);
        PollResult second = poll(first.cursor().encode(), 3);
        PollResult third = poll(second.cursor().encode(), 3);
        long criticals = first.messages().size() + second.messages().size()
                + third.messages().stream().filter(m -> m.priority() == Priority.CRITICAL).count();
        assertThat(criticals).isEqualTo(7);
    }

    @Test
    void givenSignedInViewer_poll_addsOwnUnicastAndBroadcastButGuestsGetNoUnicast() {
        add(toUser(UserId.of("alice"), clock.millis()));
        add(broadcast(clock.millis()));
        PollResult alice = service.poll(new PollQuery(ROOM, UserId.of("alice"), "0", null, null));
        PollResult guest = poll("0", null);
        assertThat(alice.messages()).hasSize(2);
        assertThat(guest.messages()).hasSize(1);
        assertThat(guest.messages().get(0).recipient()).isNull();
    }

    @Test
    void givenGuestsAskingTheSameTwice_poll_readsAfreshEachTime_andCountsTheViewer() {
        Message first = add(chat(ROOM, clock.millis()));
        PollResult a = service.poll(new PollQuery(ROOM, null, "0", null, "guest-7"));
        Message second = add(chat(ROOM, clock.millis()));
        PollResult b = service.poll(PollQuery.guest(ROOM, "0"));

        assertThat(a.messages()).extracting(Message::id).containsExactly(first.id());
        assertThat(b.messages()).extracting(Message::id).containsExactly(first.id(), second.id());
        assertThat(directory.online(ROOM, clock.millis())).isEqualTo(1);
    }
}
