package io.roomcast.benchmarks.jmh;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.AdmissionPolicy;
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
 * {@link MessageStore#append} into one hot room, per store: the {@link LiveTraffic} mix (no
 * idempotency keys, so every append stores a new message), one thread, default retention (10,000
 * messages per stream, one hour), so after the first 10,000 appends of a stream every append also
 * trims one. The store's clock is fixed just after the messages' creation times, so retention by
 * age never fires and the positions' milliseconds stay put. One operation is one append.
 *
 * <p>{@code budget}: {@code off} appends every message as it is; {@code on} appends room messages
 * with the room's budget ({@code append(message, policy)}; on Redis the budget runs inside
 * {@code append.lua}) at a rate so high that every message is admitted, so the figure is the
 * budget's cost per stored message.
 *
 * <p>{@code batch}: 1 appends one message per operation ({@code append}, as before); 10 or 100
 * appends that many consecutive messages of the ring with one {@link MessageStore#appendAll} per
 * operation, so the time per message is the operation's time divided by {@code batch}.
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
public class StoreAppendBenchmark {
    private static final int RING = 4_096;

    /** Admits everything: ten million per second, no CRITICAL limit. */
    private static final AdmissionPolicy ADMIT_ALL = AdmissionPolicy.ofRate(10_000_000).withCriticalRate(0);

    @Param({"MEMORY", "CHRONICLE", "REDIS"})
    StoreType store;

    @Param({"off", "on"})
    String budget;

    @Param({"1", "10", "100"})
    int batch;

    private boolean withBudget;

    private Path scratch;
    private MessageStore opened;
    private List<Message> ring;
    private List<List<Message>> batches;
    private int next;

    @Setup
    public void setUp() throws IOException {
        LiveTraffic traffic = new LiveTraffic(42);
        ring = List.copyOf(traffic.unstored(RING, 1));
        List<List<Message>> cut = new ArrayList<>();
        for (int from = 0; from + batch <= RING; from += batch) {
            cut.add(ring.subList(from, from + batch));
        }
        batches = List.copyOf(cut);
        long now = traffic.now() + 1;
        Clock clock = () -> now;
        withBudget = "on".equals(budget);
        scratch = Files.createTempDirectory("roomcast-jmh-append-");
        try {
            opened = store.open(Retention.defaults(), clock, scratch);
        } catch (RuntimeException e) {
            // JMH runs no tear-down after a failed set-up.
            Scratch.delete(scratch);
            throw e;
        }
    }

    @Benchmark
    public Object append() {
        if (batch > 1) {
            List<Message> messages = batches.get(next);
            next = next + 1 == batches.size() ? 0 : next + 1;
            return opened.appendAll(messages, withBudget ? ADMIT_ALL : null);
        }
        Message message = ring.get(next++ & (RING - 1));
        return withBudget && message.scope() == io.roomcast.domain.message.Scope.ROOM
                ? opened.append(message, ADMIT_ALL) : opened.append(message);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (opened != null) {
            opened.close();
        }
        Scratch.delete(scratch);
    }
}
