package io.roomcast.adapters.chronicle;

import static io.roomcast.adapters.chronicle.Fixtures.ids;
import static io.roomcast.adapters.chronicle.Fixtures.readAll;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The disk under the queue fills up: a real, small filesystem (a 48 MiB tmpfs this test mounts,
 * which needs root with CAP_SYS_ADMIN, as the build's machines have; elsewhere the test is skipped
 * and says so), filled by another file while the store writes. Without the free-space floor
 * Chronicle's mapped write faulted mid-document ({@code InternalError}); with it writes are refused
 * with a clear STORE_UNAVAILABLE, everything acknowledged before reads back (also after a
 * restart), and writes go on once the space is back.
 */
class ChronicleDiskFullIT {
    private static final long MIB = 1024 * 1024;
    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");
    @AutoClose
    private SmallDisk disk;
    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = SmallDisk.mountOrSkip(48);
        mount = disk.dir();
    }

    private ChronicleMessageStore open() {
        return ChronicleMessageStore.open(ChronicleStoreConfig.in(mount)
                .withRetention(Retention.uniform(1_000_000, Duration.ofHours(1))).withMinFreeBytes(8 * MIB), clock);
    }

    @Test
    void givenDiskFilling_appends_areRefusedClearlyLoseNothingAndGoOnWhenSpaceReturns() throws Exception {
        List<Message> acknowledged = new ArrayList<>();
        Path filler;
        try (ChronicleMessageStore store = open()) {
            acknowledged.add(store.append(chat(r1, clock.advance(1))).stored());
            filler = disk.fill(12 * MIB);

            RoomcastException refused = null;
            while (refused == null) {
                try {
                    acknowledged.add(store.append(chat(r1, clock.advance(1))).stored());
                } catch (RoomcastException e) {
                    refused = e;
                }
            }

            assertThat(refused.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
            assertThat(refused.getMessage()).contains("MiB free").contains("until space is freed");
            RoomcastException again = catchThrowableOfType(() -> store.append(chat(r1, clock.advance(1))),
                    RoomcastException.class);
            assertThat(again.code()).as("still refused, not hanging").isEqualTo(ErrorCode.STORE_UNAVAILABLE);
            assertThat(ids(readAll(store, Feed.guest(r1)))).as("reads go on").isEqualTo(ids(acknowledged));

            Files.delete(filler);
            acknowledged.add(store.append(chat(r1, clock.advance(1))).stored());
        }
        try (ChronicleMessageStore store = open()) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).as("after a restart").isEqualTo(ids(acknowledged));
            acknowledged.add(store.append(chat(r1, clock.advance(1))).stored());
            assertThat(acknowledged.get(acknowledged.size() - 1).position())
                    .isGreaterThan(acknowledged.get(acknowledged.size() - 2).position());
        }
    }
}
