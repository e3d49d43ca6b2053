package io.roomcast.benchmarks.jmh;

import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Outcome;
import io.roomcast.domain.policy.RoomBudget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Room admission under overload: one room's {@link RoomBudget} (the default 1,000 messages/s
 * with shares reserved for the higher levels) asked to admit the {@link LiveTraffic} mix of
 * levels offered at {@code overload} times its budget. Simulated time advances by one
 * millisecond every {@code overload} messages (so 10 means 10,000 offers per simulated second),
 * which keeps the bucket empty and the refusals coming, as in a hot room.
 *
 * <p>One operation is one {@code admit} call; the {@link Outcome} is returned (a refusal
 * allocates its {@code Discarded}, as in the publish path). The {@code admitted} and
 * {@code discarded} counters show the decisions behind the time, so a run that is not actually
 * over budget is visible.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class RoomAdmissionBenchmark {
    private static final int LEVELS = 4_096;

    /** Offered rate as a multiple of the room's budget. */
    @Param({"10"})
    int overload;

    private final Priority[] levels = new Priority[LEVELS];
    private RoomBudget budget;
    private int next;
    private int inThisMilli;
    private long now;

    /** Decisions made during one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Decisions {
        public long admitted;
        public long discarded;

        @Setup(Level.Iteration)
        public void clear() {
            admitted = 0;
            discarded = 0;
        }
    }

    @Setup
    public void setUp() {
        LiveTraffic traffic = new LiveTraffic(42);
        for (int i = 0; i < LEVELS; i++) {
            levels[i] = traffic.next(0).priority();
        }
        now = LiveTraffic.EPOCH;
        budget = AdmissionPolicy.defaults().newBudget(now);
    }

    @Benchmark
    public Outcome admit(Decisions decisions) {
        if (++inThisMilli == overload) {
            inThisMilli = 0;
            now++;
        }
        Outcome outcome = budget.admit(levels[next++ & (LEVELS - 1)], now);
        if (outcome.isAccepted()) {
            decisions.admitted++;
        } else {
            decisions.discarded++;
        }
        return outcome;
    }
}
