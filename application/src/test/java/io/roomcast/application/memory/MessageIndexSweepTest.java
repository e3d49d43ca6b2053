package io.roomcast.application.memory;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.MessageIndex;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep that a store runs on its own events (Chronicle: on roll); the in-memory store never does. */
class MessageIndexSweepTest {
    private final ManualClock clock = new ManualClock();
    private final MessageIndex<MessageList, Message> index =
            new MessageIndex<>(Retention.uniform(100, Duration.ofMinutes(1)), clock, MessageList::new,
                    InMemoryMessageStore.HEAP, 42);

    @Test
    void givenRoomsPastTheirAge_sweep_forgetsTheirStreamsAndStatesButKeepsLiveOnes() {
        index.append(chat(room("ended"), clock.millis()));
        index.append(state(room("ended"), "score", 1, clock.millis()));
        clock.advance(90_000);
        Message live = index.append(chat(room("live"), clock.millis())).stored();
        assertThat(index.streams()).isEqualTo(3);

        List<Message> referenced = new ArrayList<>();
        index.sweep(clock.millis(), referenced::add);

        assertThat(index.streams()).isEqualTo(1);
        assertThat(index.roomsWithStates()).isZero();
        assertThat(referenced).containsExactly(live);
        assertThat(index.readLatest(Feed.guest(room("live")), 10).messages()).containsExactly(live);
    }

    @Test
    void givenAgedStateOfALiveRoom_sweep_keepsTheRoomButNoLongerReturnsTheState() {
        index.append(state(room("r"), "score", 2, clock.millis()));
        clock.advance(90_000);
        Message chat = index.append(chat(room("r"), clock.millis())).stored();

        List<Message> referenced = new ArrayList<>();
        index.sweep(clock.millis(), referenced::add);

        assertThat(index.roomsWithStates()).isEqualTo(1);
        assertThat(index.latestStates(room("r"))).isEmpty();
        assertThat(referenced).containsExactly(chat);
    }
}
