package io.roomcast.application.service;

import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.critical;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SlicePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceServiceTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private static final SlicePolicy SLICES = new SlicePolicy(1_000, 500);
    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final InMemoryMessageStore store = new InMemoryMessageStore(Retention.uniform(50, Duration.ofHours(1)), clock);
    private final SliceService service = new SliceService(store, RoomCensus.local(new FakeRoomDirectory()), clock,
            DeliveryRules.defaults(), SLICES);
    /** The slice the clock is in. */
    private final long n = clock.millis() / 1_000;

    private Message add(Message m) {
        return store.append(m).stored();
    }

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private ReadSliceUseCase.Closed closed(long slice) {
        return (ReadSliceUseCase.Closed) service.slice(ROOM, slice);
    }

    @Test
    void givenClock_head_namesTheNewestClosedSliceAndOpenSlicesSayWhenTheyClose() {
        clock.set(n * 1_000 + 499);
        assertThat(service.head(ROOM).slice()).isEqualTo(n - 2);
        assertThat(service.slice(ROOM, n - 1)).isEqualTo(new ReadSliceUseCase.Open(n * 1_000 + 500));
        clock.set(n * 1_000 + 500);
        assertThat(service.head(ROOM).slice()).isEqualTo(n - 1);
        assertThat(service.slice(ROOM, n - 1)).isInstanceOf(ReadSliceUseCase.Closed.class);
        assertThat(service.slice(ROOM, Long.MAX_VALUE)).isEqualTo(new ReadSliceUseCase.Open(Long.MAX_VALUE));
        assertThat(service.head(ROOM).sliceMs()).isEqualTo(1_000);
        assertThat(service.head(ROOM).pollAfterMs()).isEqualTo(1_500);
    }

    @Test
    void givenBurstOverLimit_slice_picksByPriorityCountsTheRestAndKeepsEveryCritical() {
        long start = n * 1_000;
        List<Message> chats = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            chats.add(add(chat(ROOM, start + i)));
        }
        Message gift = add(giftWorth(ROOM, 5_000, Priority.HIGH, start + 100));
        List<Message> criticals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            criticals.add(add(critical(ROOM, start + 200 + i)));
        }
        add(broadcast(start + 300));
        clock.set(start + 1_500);

        ReadSliceUseCase.Closed slice = closed(n);

        assertThat(ids(slice.messages())).containsAll(ids(criticals)).contains(gift.id());
        assertThat(slice.messages()).isSortedAccordingTo(Message.ORDER).hasSize(15);
        assertThat(slice.skipped().priority()).isEqualTo(chats.size() + 1 + criticals.size() + 1 - 15);
        assertThat(slice.skipped().total()).isEqualTo(slice.skipped().priority());
        assertThat(slice.messages()).allMatch(m -> m.sentAt() == 0);
        assertThat(slice.truncated()).isFalse();
    }

    @Test
    void givenMoreCriticalsThanLimit_slice_keepsThemAll() {
        long start = n * 1_000;
        List<Message> criticals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            criticals.add(add(critical(ROOM, start + i)));
        }
        add(chat(ROOM, start + 50));
        clock.set(start + 1_500);

        ReadSliceUseCase.Closed slice = closed(n);

        assertThat(ids(slice.messages())).isEqualTo(ids(criticals));
        assertThat(slice.skipped().priority()).isEqualTo(1);
    }

    @Test
    void givenClosedSlice_lateStoreAndLaterAsk_answersTheSame() {
        long start = n * 1_000;
        add(chat(ROOM, start + 10));
        add(state(ROOM, "score", 1, start + 20));
        clock.set(start + 1_500);
        ReadSliceUseCase.Closed first = closed(n);

        add(chat(ROOM, start + 30)); // published in the slice, stored after it closed
        clock.set(start + 60_000);

        assertThat(closed(n)).isEqualTo(first);
        assertThat(closed(n + 1).messages()).hasSize(1);
    }

    @Test
    void givenStatesOverLimit_slice_repairsTheNewestVersionLeftOut() {
        long start = n * 1_000;
        for (int i = 0; i < 20; i++) {
            add(giftWorth(ROOM, 5_000, Priority.HIGH, start + i));
        }
        Message newest = add(state(ROOM, "score", 7, start + 100));
        clock.set(start + 1_500);

        ReadSliceUseCase.Closed slice = closed(n);

        assertThat(ids(slice.messages())).doesNotContain(newest.id());
        assertThat(ids(slice.states())).containsExactly(newest.id());
        assertThat(ids(service.head(ROOM).states())).containsExactly(newest.id());
    }

    @Test
    void givenRetentionRemovedPartOfIt_slice_isGone() {
        InMemoryMessageStore small = new InMemoryMessageStore(Retention.uniform(2, Duration.ofHours(1)), clock);
        SliceService onSmall = new SliceService(small, RoomCensus.local(new FakeRoomDirectory()), clock,
                DeliveryRules.defaults(), SLICES);
        long start = n * 1_000;
        for (int i = 0; i < 3; i++) {
            small.append(chat(ROOM, start + i));
        }
        clock.set(start + 1_500);

        assertThat(onSmall.slice(ROOM, n)).isEqualTo(new ReadSliceUseCase.Gone());
    }
}
