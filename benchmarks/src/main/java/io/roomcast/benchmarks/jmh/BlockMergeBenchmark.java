package io.roomcast.benchmarks.jmh;

import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.BlockWindow;
import io.roomcast.domain.message.Message;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Block merge, the push path's per-room step: one window's messages are offered to a
 * {@link BlockWindow} as they are published, then drained into blocks (stale ones out, state
 * messages collapsed to their newest version, the render budget applied by priority). One
 * operation is one whole window: {@code messagesPerWindow} offers and the drains that empty it.
 *
 * <p>The window is a fixed 500 ms (the default before it followed the load); its messages are the {@link LiveTraffic} mix spread
 * over those 500 ms, drained at the end of the window, so none is stale. With the default render
 * budget (20/s) a block carries at most 10 entries and the rest are counted as skipped; with the
 * budget off (0) every message that is neither stale nor superseded goes into the block.
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
public class BlockMergeBenchmark {

    @Param({"10", "100", "1000"})
    int messagesPerWindow;

    /** Messages per second a viewer is given: 20 is the default, 0 turns the budget off. */
    /** A fixed 500 ms window, as in the figures measured before the window followed the load. */
    private static final long WINDOW_MILLIS = 500;

    @Param({"20", "0"})
    int renderBudgetPerSecond;

    private List<Message> messages;
    private BlockWindow window;
    private long drainAt;

    @Setup
    public void setUp() {
        DeliveryRules defaults = DeliveryRules.defaults();
        BlockPolicy policy = defaults.blocks();
        DeliveryRules rules = defaults.withBlocks(
                new BlockPolicy(WINDOW_MILLIS, policy.quietMillis(), renderBudgetPerSecond));
        window = rules.newBlockWindow(LiveTraffic.ROOM);
        LiveTraffic traffic = new LiveTraffic(42);
        messages = List.copyOf(traffic.stored(messagesPerWindow, WINDOW_MILLIS));
        drainAt = traffic.now();
    }

    /** Offers the whole window and drains it; every block goes to the sink. */
    @Benchmark
    public void offerAndDrain(Blackhole sink) {
        BlockWindow w = window;
        long now = drainAt;
        for (Message m : messages) {
            sink.consume(w.offer(m, now));
        }
        // More CRITICAL messages than one block may carry stay in the window: drain until empty,
        // as the room's fan-out does while the window is due.
        do {
            Block block = w.drain(now).block();
            sink.consume(block);
        } while (!w.isEmpty());
    }
}
