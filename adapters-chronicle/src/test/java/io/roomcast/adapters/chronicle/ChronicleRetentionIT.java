package io.roomcast.adapters.chronicle;

import io.roomcast.testing.Cursors;
import static io.roomcast.adapters.chronicle.Fixtures.HOUR;
import static io.roomcast.adapters.chronicle.Fixtures.ids;
import static io.roomcast.adapters.chronicle.Fixtures.open;
import static io.roomcast.adapters.chronicle.Fixtures.readAll;
import static io.roomcast.adapters.chronicle.QueueFiles.cycleFiles;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk retention: hourly cycle files (named by the fake clock, which starts at 2025-11-28 00:00
 * UTC) are deleted once nothing retained needs them, never the newest.
 */
class ChronicleRetentionIT {
    private static final long START = 1_764_288_000_000L;
    private static final Retention HOUR_OLD = Retention.uniform(1_000, Duration.ofHours(1));

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(START);
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");

    private List<String> files() throws Exception {
        return cycleFiles(dir.resolve("chronicle")).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static long at(int hours, int minutes) {
        return START + hours * HOUR + minutes * 60_000L;
    }

    @Test
    void givenMessagesAcrossHours_whenTheQueueRolls_onlyCyclesStillNeededAreKept() throws Exception {
        try (ChronicleMessageStore store = open(dir, HOUR_OLD, clock)) {
            clock.set(at(0, 10));
            store.append(chat(r1, clock.millis()));
            clock.set(at(0, 50));
            Message r2Old = store.append(chat(r2, clock.millis())).stored();

            clock.set(at(1, 30));
            Message r1a = store.append(chat(r1, clock.millis())).stored();
            assertThat(files()).as("r2's message of 00:50 is 40 minutes old: its cycle stays")
                    .containsExactly("20251128-00F.cq4", "20251128-01F.cq4");

            clock.set(at(2, 5));
            Message r1b = store.append(chat(r1, clock.millis())).stored();
            assertThat(files()).containsExactly("20251128-01F.cq4", "20251128-02F.cq4");

            assertThat(readAll(store, Feed.guest(r2))).isEmpty();
            assertThat(store.readSince(Feed.guest(r2), Cursors.after(r2Old), 10).gap()).isFalse();
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactly(r1a.id().value(), r1b.id().value());
        }
    }

    @Test
    void givenStateWithALongerAge_itsCycleStaysUntilTheStateExpires() throws Exception {
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            ages.put(c, Duration.ofHours(1));
        }
        ages.put(Category.PK, Duration.ofHours(3));
        try (ChronicleMessageStore store = open(dir, new Retention(1_000, ages), clock)) {
            clock.set(at(0, 10));
            Message score = store.append(state(r1, "pk.score", 1, clock.millis())).stored();
            for (int h = 1; h <= 2; h++) {
                clock.set(at(h, 30));
                store.append(chat(r1, clock.millis()));
            }
            assertThat(files()).first().isEqualTo("20251128-00F.cq4");
            assertThat(store.latestStates(r1)).containsExactly(score);

            clock.set(at(3, 30));
            store.append(chat(r1, clock.millis()));
            assertThat(files()).containsExactly("20251128-02F.cq4", "20251128-03F.cq4");
            assertThat(store.latestStates(r1)).isEmpty();
        }
    }

    @Test
    void givenIdleStoreRestartedLongAfter_theNewestCycleIsKept_soPositionsGoOn() throws Exception {
        Message first;
        Message second;
        try (ChronicleMessageStore store = open(dir, HOUR_OLD, clock)) {
            clock.set(at(0, 10));
            first = store.append(chat(r1, clock.millis())).stored();
            second = store.append(chat(r1, clock.millis())).stored();
        }
        clock.set(at(5, 0));
        try (ChronicleMessageStore store = open(dir, HOUR_OLD, clock)) {
            assertThat(files()).containsExactly("20251128-00F.cq4");
            assertThat(readAll(store, Feed.guest(r1))).isEmpty();
            assertThat(store.head(r1).room()).isEqualTo(second.position().part());
            Message third = store.append(chat(r1, clock.millis())).stored();
            assertThat(third.position().seq()).isEqualTo(3);
            assertThat(files()).containsExactly("20251128-05F.cq4");
        }
        try (ChronicleMessageStore store = open(dir, HOUR_OLD, clock)) {
            assertThat(store.head(r1).room().seq()).isEqualTo(3);
            assertThat(store.readSince(Feed.guest(r1), Cursors.after(first), 10).gap())
                    .as("what the deleted files held is unknown after a restart: reported as a gap").isTrue();
            assertThat(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10).messages()).hasSize(1);
        }
    }

    @Test
    void givenRoomsThatEnded_whenTheQueueRolls_theirStreamsAndStatesLeaveTheHeapIndex() throws Exception {
        try (ChronicleMessageStore store = open(dir, HOUR_OLD, clock)) {
            clock.set(at(0, 10));
            for (int i = 0; i < 100; i++) {
                RoomId ended = room("ended-" + i);
                store.append(chat(ended, clock.millis()));
                store.append(state(ended, "pk.score", 1, clock.millis()));
            }
            clock.set(at(1, 30));
            Message liveChat = store.append(chat(r1, clock.millis())).stored();
            Message liveScore = store.append(state(r1, "pk.score", 1, clock.millis())).stored();
            assertThat(store.indexedStreams()).as("the roll at 01:30 found the ended rooms 80 minutes old")
                    .isEqualTo(2);
            assertThat(store.roomsWithStates()).isEqualTo(1);

            clock.set(at(2, 5));
            store.append(chat(r2, clock.millis()));
            assertThat(store.indexedStreams()).as("r1's chat and PK streams (35 minutes old), r2's chat").isEqualTo(3);
            assertThat(store.latestStates(r1)).containsExactly(liveScore);
            assertThat(readAll(store, Feed.guest(r1))).containsExactly(liveChat, liveScore);
            assertThat(readAll(store, Feed.guest(room("ended-7")))).isEmpty();

            clock.set(at(3, 40));
            store.append(chat(r2, clock.millis()));
            assertThat(store.indexedStreams()).as("r1 ended too; r2's new chat").isEqualTo(1);
            assertThat(store.roomsWithStates()).isZero();
        }
    }
}
