package io.roomcast.application.memory;

import static io.roomcast.application.testing.TestMessages.chat;
import static io.roomcast.application.testing.TestMessages.room;
import static io.roomcast.application.testing.TestMessages.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reference store passes the store contract, and forgets ended rooms. */
class InMemoryMessageStoreTest extends MessageStoreContract {
    private static final long MINUTE = 60_000;

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        return new InMemoryMessageStore(retention, clock);
    }

    @Test
    void givenRoomsThatEnded_aLaterAppend_forgetsTheirStreamsAndStates_andKeepsLiveRooms() {
        ManualClock clock = new ManualClock(1_764_288_000_000L);
        InMemoryMessageStore store = new InMemoryMessageStore(Retention.uniform(1_000, Duration.ofHours(1)), clock);
        for (int i = 0; i < 100; i++) {
            RoomId ended = room("ended-" + i);
            store.append(chat(ended, clock.millis()));
            store.append(state(ended, "pk.score", 1, clock.millis()));
        }
        clock.advance(30 * MINUTE);
        RoomId live = room("live");
        Message liveChat = store.append(chat(live, clock.millis())).stored();
        Message liveScore = store.append(state(live, "pk.score", 1, clock.millis())).stored();
        assertThat(store.streamCount()).isEqualTo(202);
        assertThat(store.roomsWithStates()).isEqualTo(101);

        clock.advance(31 * MINUTE); // the ended rooms' messages are 61 minutes old, the live room's 31
        store.append(chat(room("new"), clock.millis()));

        assertThat(store.streamCount()).as("live's chat and PK streams, new's chat stream").isEqualTo(3);
        assertThat(store.roomsWithStates()).isEqualTo(1);
        assertThat(store.latestStates(live)).containsExactly(liveScore);
        assertThat(store.readSince(Feed.guest(live), Cursor.ORIGIN, 10).messages()).containsExactly(liveChat, liveScore);
        assertThat(store.readSince(Feed.guest(room("ended-7")), Cursor.ORIGIN, 10).messages()).isEmpty();
    }

    @Test
    void givenAnIdleRoomWhoseStateIsStillYoung_itsStateStays_untilItAgesOut() {
        ManualClock clock = new ManualClock(1_764_288_000_000L);
        InMemoryMessageStore store = new InMemoryMessageStore(Retention.uniform(1_000, Duration.ofHours(1)), clock);
        RoomId idle = room("idle");
        store.append(state(idle, "pk.score", 3, clock.millis()));

        clock.advance(10 * MINUTE);
        store.append(chat(room("other"), clock.millis()));
        assertThat(store.roomsWithStates()).isEqualTo(1);

        clock.advance(51 * MINUTE);
        store.append(chat(room("other"), clock.millis()));
        assertThat(store.roomsWithStates()).isZero();
        assertThat(store.latestStates(idle)).isEmpty();
    }
}
