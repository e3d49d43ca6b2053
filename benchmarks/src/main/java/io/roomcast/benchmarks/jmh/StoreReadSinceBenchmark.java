package io.roomcast.benchmarks.jmh;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MessageStore#readSince} as a poll does it, per store: a guest's feed of one hot room
 * (its four category streams and the broadcasts) read after a cursor {@code behind} messages
 * before the newest, at most {@link PollRoomService#SCAN_MAX} (2,000) messages. 20 behind is a
 * viewer that polled a moment ago; 4,000 behind is a viewer of a room publishing 2,000/s that
 * polls every 2 s (the read stops at 2,000). The store holds {@code prefill} messages of the
 * {@link LiveTraffic} mix, 1 ms apart, written at setup; the read changes nothing, so every
 * operation does the same work. One operation is one read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class StoreReadSinceBenchmark {

    @Param({"MEMORY", "CHRONICLE", "REDIS"})
    StoreType store;

    /** Messages in the room before the reads; under the default retention of 10,000 per stream. */
    @Param({"20000"})
    int prefill;

    @Param({"20", "4000"})
    int behind;

    private Path scratch;
    private MessageStore opened;
    private Feed feed;
    private Cursor after;
    private int expected;

    @Setup
    public void setUp() throws IOException {
        if (behind >= prefill) {
            throw new IllegalArgumentException("behind (" + behind + ") must be below prefill (" + prefill + ")");
        }
        LiveTraffic traffic = new LiveTraffic(42);
        List<Message> messages = traffic.unstored(prefill, 1);
        long now = traffic.now() + 1;
        Clock clock = () -> now;
        scratch = Files.createTempDirectory("roomcast-jmh-read-");
        try {
            opened = store.open(Retention.defaults(), clock, scratch);
        } catch (RuntimeException e) {
            // JMH runs no tear-down after a failed set-up.
            Scratch.delete(scratch);
            throw e;
        }
        List<Cursor> positions = new ArrayList<>(prefill);
        for (Message m : messages) {
            positions.add(Cursor.ORIGIN.advance(opened.append(m).stored()));
        }
        feed = Feed.guest(LiveTraffic.ROOM);
        after = positions.get(prefill - 1 - behind);
        expected = Math.min(behind, PollRoomService.SCAN_MAX);
        int got = readSince().messages().size();
        if (got != expected) {
            throw new IllegalStateException("read " + got + " messages after " + after + ", expected " + expected
                    + ": retention trimmed the prefill or the store lost messages");
        }
    }

    @Benchmark
    public ReadResult readSince() {
        return opened.readSince(feed, after, PollRoomService.SCAN_MAX);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (opened != null) {
            opened.close();
        }
        Scratch.delete(scratch);
    }
}
