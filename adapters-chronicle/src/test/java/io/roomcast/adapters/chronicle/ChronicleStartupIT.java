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
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opened over a queue of many messages in many rooms indexes every one of them (one pass
 * over the document headers). Its speed is measured in {@code benchmarks}
 * ({@code io.roomcast.benchmarks.startup.ChronicleStartup}, figures in BENCHMARKS.md), not here.
 */
class ChronicleStartupIT {
    private static final Retention RETENTION = Retention.uniform(10_000, Duration.ofHours(2));
    private static final long START = 1_764_288_000_000L;
    private static final int MESSAGES = 50_000;
    private static final int ROOMS = 500;

    @TempDir
    Path temp;

    @Test
    void givenLargeQueue_open_indexesEveryMessage() throws Exception {
        ManualClock writing = new ManualClock(START);
        try (ChronicleMessageStore store = Fixtures.open(temp, RETENTION, writing)) {
            for (int i = 0; i < MESSAGES; i++) {
                store.append(message(i, ROOMS, writing.millis()));
                if (i % 2 == 1) {
                    writing.advance(1);
                }
            }
        }
        // Two messages a millisecond: the whole queue stays inside the retention age.
        ManualClock clock = new ManualClock(START + MESSAGES / 2 + 1);
        try (ChronicleMessageStore store = Fixtures.open(temp, RETENTION, clock)) {
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

}
