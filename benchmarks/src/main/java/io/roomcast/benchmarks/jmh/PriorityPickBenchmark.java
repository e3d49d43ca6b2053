package io.roomcast.benchmarks.jmh;

import io.roomcast.application.service.PollRoomService;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PriorityPick;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Priority pick for one poll of a hot room: the {@code window} messages read since the viewer's
 * cursor (by default {@link PollRoomService#SCAN_MAX}, the most one poll reads: 2,000 messages,
 * about two seconds of a room publishing 1,000/s) cut down to the poll's {@code limit} (15, the
 * default) by {@link PriorityPick}: stale out, state messages collapsed, highest levels first.
 * The window is the {@link LiveTraffic} mix spread over the last 2 s, picked at its end, so none
 * is stale and the work is the collapse and the priority sort. One operation is one pick.
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
public class PriorityPickBenchmark {

    @Param({"2000"})
    int window;

    @Param({"15"})
    int limit;

    private List<Message> messages;
    private PriorityPick pick;
    private long now;

    @Setup
    public void setUp() {
        LiveTraffic traffic = new LiveTraffic(42);
        // A store read hands the pick an immutable list (ReadResult copies it).
        messages = List.copyOf(traffic.stored(window, 2_000));
        now = traffic.now();
        pick = DeliveryRules.defaults().pick();
    }

    @Benchmark
    public PriorityPick.Selection pickForPoll() {
        return pick.pick(messages, limit, now, DropReason.PRIORITY);
    }
}
