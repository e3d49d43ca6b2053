package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures start-up: the time to open a store over a queue of many messages in many rooms (one
 * pass over the document headers). Small by default so {@code mvn verify} stays quick; the
 * issue's figure is
 * <pre>
 * mvn -o verify -pl adapters-chronicle -Dit.test=ChronicleStartupIT \
 *     -Droomcast.startup.messages=1000000 -Droomcast.startup.rooms=10000
 * </pre>
 * ({@code -Droomcast.startup.dir=/some/dir} keeps the queue, so later runs measure start-up only,
 * e.g. after dropping the page cache). It logs the figure and asserts only that every message was
 * indexed: tests never assert on speed.
 */
class ChronicleStartupIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStartupIT.class);
    private static final Retention RETENTION = Retention.uniform(10_000, Duration.ofHours(2));
    private static final long START = 1_764_288_000_000L;

    @TempDir
    Path temp;

    @Test
    void givenLargeQueue_open_indexesEveryMessage() throws Exception {
        int messages = Integer.getInteger("roomcast.startup.messages", 50_000);
        int rooms = Integer.getInteger("roomcast.startup.rooms", 500);
        String kept = System.getProperty("roomcast.startup.dir");
        Path dir = kept == null ? temp : Path.of(kept);
        // Two messages a millisecond: the whole queue stays inside the retention age.
        ManualClock clock = new ManualClock(START + messages / 2 + 1);

        if (!Files.exists(dir.resolve("chronicle"))) {
            long writeStarted = System.nanoTime();
            ManualClock writing = new ManualClock(START);
            try (ChronicleMessageStore store = Fixtures.open(dir, RETENTION, writing)) {
                for (int i = 0; i < messages; i++) {
                    store.append(message(i, rooms, writing.millis()));
                    if (i % 2 == 1) {
                        writing.advance(1);
                    }
                }
            }
            LOG.info("start-up measurement: wrote {} messages over {} rooms in {} ms", messages, rooms,
                    (System.nanoTime() - writeStarted) / 1_000_000);
        }

        long heapBefore = usedHeapAfterGc();
        long started = System.nanoTime();
        try (ChronicleMessageStore store = Fixtures.open(dir, RETENTION, clock)) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            long heap = usedHeapAfterGc() - heapBefore;
            LOG.info("start-up measurement: {} messages over {} rooms: store open and index rebuilt in {} ms;"
                            + " index heap about {} MB (max heap {} MB)", messages, rooms, millis, heap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);

            assertThat(store.head().seq()).isEqualTo(messages);
            assertThat(store.readLatest(Feed.guest(RoomId.of("room-0")), 15).messages()).hasSize(15);
        }
    }

    /** A plausible mix: mostly chat, gifts, some PK state, a unicast every 50th, a broadcast every 1,000th. */
    private static Message message(int i, int rooms, long now) {
        MessageId id = MessageId.of(String.format("%011x%016x", now & 0xFFF_FFFF_FFFFL, (long) i));
        if (i % 1_000 == 999) {
            return new Message(id, Scope.BROADCAST, null, null, Category.NOTIFY, Priority.HIGH, null, 0,
                    Payload.json("{\"notice\":\"maintenance at 03:00\",\"n\":" + i + "}"), now, 0, null, 0, null, null);
        }
        if (i % 50 == 49) {
            return new Message(id, Scope.UNICAST, null, UserId.of("user-" + (i % 5_000)), Category.NOTIFY, Priority.HIGH,
                    null, 0, Payload.json("{\"dm\":\"you won a prize\",\"n\":" + i + "}"), now, 0, null, 0, null, null);
        }
        RoomId room = RoomId.of("room-" + (i % rooms));
        UserId sender = UserId.of("user-" + (i % 5_000));
        return switch ((i / rooms) % 10) { // every room gets every category
            case 0, 1 -> new Message(id, Scope.ROOM, room, null, Category.GIFT, Priority.NORMAL, sender, 100,
                    Payload.json("{\"gift\":\"rocket\",\"count\":1,\"combo\":" + (i % 7) + "}"), now, 0, null, 0, null, null);
            case 2 -> new Message(id, Scope.ROOM, room, null, Category.PK, Priority.NORMAL, null, 0,
                    Payload.json("{\"red\":" + i + ",\"blue\":" + (i / 2) + "}"), now, 0, StateKey.of("pk.score"), i, null, null);
            case 3 -> new Message(id, Scope.ROOM, room, null, Category.NOTIFY, Priority.LOWEST, sender, 0,
                    Payload.json("{\"event\":\"enter\"}"), now, 0, null, 0, null, null);
            default -> new Message(id, Scope.ROOM, room, null, Category.CHAT, Priority.LOW, sender, 0,
                    Payload.json("{\"text\":\"what a great stream, greetings from far away " + i + "\"}"), now, 0, null, 0,
                    null, null);
        };
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
