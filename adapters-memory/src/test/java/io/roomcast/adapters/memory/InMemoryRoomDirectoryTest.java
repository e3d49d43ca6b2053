package io.roomcast.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.RoomId;
import org.junit.jupiter.api.Test;

class InMemoryRoomDirectoryTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private final InMemoryRoomDirectory directory = new InMemoryRoomDirectory(6_000);

    @Test
    void givenJoinedAndPolling_online_countsEachViewerOnce_andPollersExpire() {
        long t = 1_000_000;
        directory.join(ROOM, "s1");
        directory.join(ROOM, "alice");
        directory.touch(ROOM, "alice", t);
        directory.touch(ROOM, "bob", t);
        assertThat(directory.online(ROOM, t)).isEqualTo(3);
        assertThat(directory.online(ROOM, t + 6_001)).isEqualTo(2);
        directory.leave(ROOM, "s1");
        assertThat(directory.online(ROOM, t + 6_002)).isEqualTo(1);
    }

    @Test
    void givenCountJustTaken_online_reusesItUntilTheRecountInterval_butJoinsAndLeavesShowAtOnce() {
        long t = 1_000_000;
        directory.touch(ROOM, "a", t);
        assertThat(directory.online(ROOM, t)).isEqualTo(1);
        directory.touch(ROOM, "a", t + 1);
        assertThat(directory.online(ROOM, t + 6_500)).as("recounted: a expired").isZero();
        directory.join(ROOM, "s1");
        assertThat(directory.online(ROOM, t + 6_501)).isEqualTo(1);
    }

    @Test
    void givenPollsOfManyRandomRooms_directory_forgetsThemOnceTheirPollersExpire() {
        long t = 1_000_000;
        for (int i = 0; i < 10_000; i++) {
            directory.touch(RoomId.of("random-" + i), "x", t);
        }
        assertThat(directory.rooms()).hasSize(10_000);
        for (int i = 0; i < 4_096; i++) {
            directory.touch(ROOM, "v", t + 10_000);
        }
        assertThat(directory.rooms()).as("only the live room is left").hasSize(1);
        directory.join(RoomId.of("r2"), "s");
        directory.leave(RoomId.of("r2"), "s");
        assertThat(directory.rooms()).hasSize(1);
    }

    @Test
    void givenPollsCloserThanTheTouchInterval_touch_keepsTheEarlierTime_andAPollerPollingOnStaysCounted() {
        long t = 1_000_000;
        directory.touch(ROOM, "a", t);
        directory.touch(ROOM, "a", t + InMemoryRoomDirectory.TOUCH_EVERY_MILLIS - 1);
        assertThat(directory.online(ROOM, t + 6_001)).as("expired from the first poll's time").isZero();

        for (long at = t + 10_000; at <= t + 30_000; at += 10) {
            directory.touch(ROOM, "b", at);
        }
        assertThat(directory.online(ROOM, t + 30_000 + 5_000)).as("polled every 10 ms for 20 s").isEqualTo(1);
        assertThat(directory.online(ROOM, t + 30_000 + 6_001)).as("gone 6 s after its last poll").isZero();
    }
}
