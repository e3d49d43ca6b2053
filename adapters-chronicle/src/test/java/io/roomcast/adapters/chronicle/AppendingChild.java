package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The child JVM of {@link ChronicleKillIT}: appends messages to the store in {@code args[0]} and
 * prints the id of each one {@code append} acknowledged, until it is killed.
 *
 * <p>{@code args[1]}: {@code loop} appends forever; {@code partial} appends {@code args[2]}
 * messages, closes the store, then starts one raw document, writes half of it, prints
 * {@code PARTIAL} and waits to be killed with the document open (and Chronicle's write lock held).
 */
public final class AppendingChild {
    static final Retention RETENTION = Retention.uniform(10_000_000, Duration.ofDays(1));

    private AppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        PrintStream out = System.out;
        ChronicleStoreConfig config = ChronicleStoreConfig.in(dataDir).withRetention(RETENTION);
        long limit = args[1].equals("partial") ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        try (ChronicleMessageStore store = ChronicleMessageStore.open(config, Clock.system())) {
            for (long i = 0; i < limit; i++) {
                Message m = new Message(MessageId.of(String.format("ack-%09d", i)), Scope.ROOM,
                        RoomId.of("room-" + (i % 7)), null, Category.CHAT, Priority.LOW, null, 0,
                        Payload.json("{\"n\":" + i + "}"), System.currentTimeMillis(), 0, null, 0, null, null);
                out.println(store.append(m).stored().id().value());
                out.flush();
            }
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(config.queueDir()).build()) {
            ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument();
            dc.wire().bytes().write(new byte[] {1, 0, 1, 2, 99, 0, 0, 0});
            out.println("PARTIAL");
            out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
