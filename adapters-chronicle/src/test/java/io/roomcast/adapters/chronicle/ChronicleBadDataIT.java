package io.roomcast.adapters.chronicle;

import static io.roomcast.adapters.chronicle.Fixtures.HOUR;
import static io.roomcast.adapters.chronicle.Fixtures.chat;
import static io.roomcast.adapters.chronicle.Fixtures.ids;
import static io.roomcast.adapters.chronicle.Fixtures.open;
import static io.roomcast.adapters.chronicle.Fixtures.readAll;
import static io.roomcast.adapters.chronicle.QueueFiles.cycleFiles;
import static io.roomcast.adapters.chronicle.QueueFiles.offsetOf;
import static io.roomcast.testing.TestMessages.room;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad bytes on disk are reported and skipped; they never fail a start or a poll. */
class ChronicleBadDataIT {
    private static final Retention DAY = Retention.uniform(100_000, Duration.ofDays(1));

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");

    private Path queueDir() {
        return dir.resolve("chronicle");
    }

    private List<String> appendChats(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        try (ChronicleMessageStore store = open(dir, DAY, clock)) {
            for (int i = 0; i < count; i++) {
                ids.add(store.append(chat(r1, String.format("%s-%03d", prefix, i), clock.advance(1))).stored().id().value());
            }
        }
        return ids;
    }

    private static void flipByteAt(Path file, long offset) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }

    private static void truncate(Path file, long length) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    @Test
    void givenForeignDocumentsInTheQueue_start_skipsThemWithAWarningAndReadsTheRest() throws Exception {
        List<String> expected = new ArrayList<>(appendChats("before", 3));
        try (SingleChronicleQueue raw = SingleChronicleQueueBuilder.binary(queueDir())
                .rollCycle(RollCycles.FAST_HOURLY).timeProvider(clock::millis).build();
             ExcerptAppender appender = raw.createAppender()) {
            appender.writeBytes(Bytes.from("not a roomcast document"));
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeInt(1); // a lone byte pattern, far too short
            }
        }
        expected.addAll(appendChats("after", 2));

        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
            assertThat(log.warnings()).filteredOn(w -> w.contains("skipping the document")).hasSize(2);
            assertThat(store.head(r1).room().seq()).isEqualTo(5);
        }
    }

    @Test
    void givenAFlippedByteInAStoredMessage_start_skipsThatMessageOnly() throws Exception {
        List<String> stored = appendChats("msg", 5);
        Path file = cycleFiles(queueDir()).get(0);
        flipByteAt(file, offsetOf(file, "msg-002") + 4);

        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1))))
                    .containsExactly(stored.get(0), stored.get(1), stored.get(3), stored.get(4));
            assertThat(log.warnings()).anyMatch(w -> w.contains("checksum mismatch"));
        }
    }

    @Test
    void givenADocumentDamagedWhileTheStoreRuns_polls_skipItAndWarnOnce() throws Exception {
        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            List<String> stored = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stored.add(store.append(chat(r1, "victim-" + i, clock.advance(1))).stored().id().value());
            }
            Path file = cycleFiles(queueDir()).get(0);
            // The queue file is memory-mapped: the change reaches the store's own pages.
            flipByteAt(file, offsetOf(file, "victim-1") + 2);

            for (int poll = 0; poll < 3; poll++) {
                assertThat(ids(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10).messages()))
                        .containsExactly(stored.get(0), stored.get(2));
            }
            assertThat(ids(store.readLatest(Feed.guest(r1), 10).messages())).containsExactly(stored.get(0), stored.get(2));
            assertThat(log.warnings()).filteredOn(w -> w.contains("skipping the document")).hasSize(1);
        }
    }

    @Test
    void givenTheNewestFileTruncatedMidDocument_start_readsUpToTheDamage_andLaterAppendsSurviveRestarts() throws Exception {
        List<String> stored = appendChats("msg", 100);
        Path file = cycleFiles(queueDir()).get(0);
        truncate(file, offsetOf(file, "msg-060") + 2);

        List<String> expected = new ArrayList<>(stored.subList(0, 60));
        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
            assertThat(log.warnings()).anyMatch(w -> w.contains("damaged"));
            for (int i = 0; i < 10; i++) {
                expected.add(store.append(chat(r1, "new-" + i, clock.advance(1))).stored().id().value());
            }
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
        }
        assertThat(cycleFiles(queueDir())).as("new messages went to the next cycle, past the damage").hasSize(2);
        try (ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
            expected.add(store.append(chat(r1, "newer", clock.advance(1))).stored().id().value());
        }
        try (ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void givenAnOlderFileTruncated_start_continuesWithTheNextCycle() throws Exception {
        List<String> first = appendChats("a", 20);
        clock.advance(HOUR);
        List<String> second = appendChats("b", 20);
        List<Path> files = cycleFiles(queueDir());
        assertThat(files).hasSize(2);
        truncate(files.get(0), offsetOf(files.get(0), "a-010") + 2);

        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            List<String> expected = new ArrayList<>(first.subList(0, 10));
            expected.addAll(second);
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(expected);
            assertThat(log.warnings()).anyMatch(w -> w.contains("ends early"));
            assertThat(store.append(chat(r1, "c-000", clock.advance(1))).stored().position().seq()).isEqualTo(41);
        }
    }

    @Test
    void givenAFileCutInsideItsHeader_start_movesItAsideAndGoesOn() throws Exception {
        appendChats("msg", 10);
        truncate(cycleFiles(queueDir()).get(0), 100);

        try (LogCapture log = new LogCapture(); ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(log.warnings()).anyMatch(w -> w.contains("cannot be opened"));
            assertThat(readAll(store, Feed.guest(r1))).isEmpty();
            store.append(chat(r1, "after", clock.advance(1)));
        }
        try (Stream<Path> files = Files.list(queueDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains(".cq4.damaged-"));
        }
        try (ChronicleMessageStore store = open(dir, DAY, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactly("after");
        }
    }
}
