package io.roomcast.benchmarks.startup;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.roomcast.adapters.chronicle.ChronicleStoreConfig;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the Chronicle store's start-up: the time to open it over a queue of many messages in
 * many rooms (one pass over the document headers rebuilds the index), and the heap the index
 * takes. The first run into an empty directory writes the queue, then measures in the same JVM;
 * a second run on the same directory measures a fresh JVM:
 * <pre>
 * java $CHRONICLE_FLAGS -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     io.roomcast.benchmarks.startup.ChronicleStartup /tmp/roomcast-startup 1000000 10000
 * </pre>
 * ({@code $CHRONICLE_FLAGS}: the {@code chronicle.jvm.flags} of the parent pom). A CLI: it prints.
 */
public final class ChronicleStartup {
    private static final Retention RETENTION = Retention.uniform(10_000, Duration.ofHours(2));
    private static final long START = 1_764_288_000_000L;

    private ChronicleStartup() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("chronicle.analytics.disable", "true");
        if (args.length != 3) {
            System.err.println("usage: ChronicleStartup <dir> <messages> <rooms>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        int rooms = Integer.parseInt(args[2]);
        if (!Files.exists(dir.resolve("chronicle"))) {
            AtomicLong writing = new AtomicLong(START);
            long started = System.nanoTime();
            try (MessageStore store = open(dir, writing::get)) {
                for (int i = 0; i < messages; i++) {
                    store.append(message(i, rooms, writing.get()));
                    if (i % 2 == 1) {
                        writing.incrementAndGet();
                    }
                }
            }
            System.out.printf("wrote %,d messages over %,d rooms in %,d ms%n", messages, rooms,
                    (System.nanoTime() - started) / 1_000_000);
        }
        // Two messages a millisecond: the whole queue stays inside the retention age.
        long now = START + messages / 2 + 1;
        long heapBefore = usedHeapAfterGc();
        long started = System.nanoTime();
        try (MessageStore store = open(dir, () -> now)) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            long heap = usedHeapAfterGc() - heapBefore;
            System.out.printf("opened over %,d messages (room-0 head seq %,d) in %,d ms; index heap about %,d MB (max heap %,d MB);"
                            + " latest of room-0: %d messages%n", messages, store.head(RoomId.of("room-0")).room().seq(), millis, heap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20,
                    store.readLatest(Feed.guest(RoomId.of("room-0")), 15).messages().size());
        }
    }

    private static MessageStore open(Path dir, Clock clock) {
        return Guice.createInjector(new ChronicleStoreModule(ChronicleStoreConfig.in(dir).withRetention(RETENTION)),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Clock.class).toInstance(clock);
                    }
                }).getInstance(MessageStore.class);
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
