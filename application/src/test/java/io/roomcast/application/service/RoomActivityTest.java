package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.RoomStats;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import org.junit.jupiter.api.Test;

class RoomActivityTest {
    private final ManualClock clock = new ManualClock();
    private final FakeRoomDirectory directory = new FakeRoomDirectory();
    private final RoomActivity activity = new RoomActivity(clock, directory);

    @Test
    void givenRoomsWithViewersOrPublishes_busiest_listsMostViewersFirstThenTheHighestRate_upToTheLimit() {
        directory.join(RoomId.of("watched"), "v1");
        directory.join(RoomId.of("watched"), "v2");
        activity.accepted(RoomId.of("slow"));
        for (int i = 0; i < 3; i++) {
            activity.accepted(RoomId.of("fast"));
        }
        activity.discarded(RoomId.of("refused"), DropReason.OVERLOAD);

        assertThat(activity.busiest(10)).extracting(s -> s.room().value())
                .containsExactly("watched", "fast", "slow", "refused");
        assertThat(activity.busiest(2)).extracting(RoomStats::online).containsExactly(2, 0);
        assertThat(activity.busiest(10).get(3).discarded()).containsEntry(DropReason.OVERLOAD, 1L);
    }

    @Test
    void givenNothingYet_busiest_isEmpty() {
        assertThat(activity.busiest(10)).isEmpty();
    }
}
