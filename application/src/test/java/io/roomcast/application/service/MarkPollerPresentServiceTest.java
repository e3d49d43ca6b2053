package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.RoomId;
import org.junit.jupiter.api.Test;

class MarkPollerPresentServiceTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private final ManualClock clock = new ManualClock();
    private final FakeRoomDirectory directory = new FakeRoomDirectory();
    private final MarkPollerPresentService presence = new MarkPollerPresentService(directory, clock);

    @Test
    void givenPollerMarkedPresent_online_countsItOnceUntilItsPollerTimeRunsOut() {
        presence.markPresent(ROOM, "guest-7");
        clock.advance(1_000);
        presence.markPresent(ROOM, "guest-7");

        assertThat(directory.online(ROOM, clock.millis())).isEqualTo(1);
        assertThat(directory.online(RoomId.of("r2"), clock.millis())).isZero();
        clock.advance(FakeRoomDirectory.POLLER_TTL_MILLIS + 1);
        assertThat(directory.online(ROOM, clock.millis())).isZero();
    }
}
