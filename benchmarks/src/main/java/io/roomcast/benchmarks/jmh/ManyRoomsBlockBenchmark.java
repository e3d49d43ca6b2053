package io.roomcast.benchmarks.jmh;

import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.push.PushService;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.codec.BlockCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The many-rooms push path per block written, without sockets: {@value #ROOMS} rooms of
 * {@value #VIEWERS} viewers each, spread over {@value #VIEWER_LOOPS} viewer loops as a node's event
 * loops hold them, every room published to every 50 ms with a fixed 1-s window, so each room's
 * window closes on its timer with 20 entries and its one block goes to its 20 viewers. One
 * invocation is one simulated second (20 ticks: due timers, then one message per room); one
 * operation is one block written to one viewer ({@code @OperationsPerInvocation}), so the figure
 * and {@code -prof gc}'s {@code gc.alloc.rate.norm} read per block written, the 20 messages'
 * share of windowing and draining included (one message per block written, as in the scenario).
 *
 * <p>The sink does what a transport does with the bytes of a block: the shared
 * {@code ServerFrame} encoding ({@link Outgoing#encoded}, once per block, not per viewer), or its
 * own for a viewer's own block. What a socket adds (the frame copy per loop, TLS, the write) is not
 * in it. Loops run inline on one thread; timers fire as the simulated clock passes them.
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
public class ManyRoomsBlockBenchmark {
    static final int ROOMS = 1_000;
    static final int VIEWERS = 20;
    static final int VIEWER_LOOPS = 4;
    static final int TICKS = 20;
    static final long TICK_MILLIS = 50;

    private final long[] now = {1_764_288_000_000L};
    private final PriorityQueue<Timed> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timed::due).thenComparingLong(Timed::order));
    private final List<RoomId> rooms = new ArrayList<>();
    private final Payload payload = Payload.json("{\"text\":\"" + "x".repeat(80) + "\"}");
    private PushService push;
    private long order;
    private long seq;
    private long writes;
    private long invocations;

    private record Timed(long due, long order, Runnable task, boolean[] cancelled) {
    }

    /** Runs tasks at once on the caller's thread; timers wait for the simulated clock. */
    private final class SimulatedLoop implements TaskLoop {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            boolean[] cancelled = new boolean[1];
            timers.add(new Timed(now[0] + Math.max(0, delayMillis), order++, task, cancelled));
            return () -> cancelled[0] = true;
        }
    }

    /** A writable connection that takes a block's bytes as a transport would, and consumes them. */
    private final class EncodingSink extends PushCores.WritableSink {
        EncodingSink(Blackhole hole) {
            super(hole);
        }

        @Override
        public void write(Outgoing block) {
            byte[] bytes = block.isShared()
                    ? block.encoded(BlockCodec::encodeServerFrame)
                    : BlockCodec.encodeServerFrame(block.block());
            hole.consume(bytes);
            writes++;
        }
    }

    @Setup
    public void setUp(Blackhole hole) {
        push = PushCores.inMemory(() -> now[0], new BlockPolicy(1_000, 1_000, 0));
        List<SimulatedLoop> loops = new ArrayList<>();
        for (int i = 0; i < VIEWER_LOOPS; i++) {
            loops.add(new SimulatedLoop());
        }
        push.start(loops, Runnable::run);
        int viewer = 0;
        for (int r = 0; r < ROOMS; r++) {
            RoomId room = RoomId.of("room-" + r);
            rooms.add(room);
            for (int v = 0; v < VIEWERS; v++, viewer++) {
                PushViewer pv = push.open(loops.get(viewer % VIEWER_LOOPS), new EncodingSink(hole), "v" + viewer);
                pv.enter(room, UserId.of("u" + viewer), null);
            }
        }
    }

    /** One simulated second: every room's window closes once, and its block goes to each of its viewers. */
    @Benchmark
    @OperationsPerInvocation(ROOMS * VIEWERS)
    public void oneSecondOfManyRooms() {
        for (int tick = 0; tick < TICKS; tick++) {
            now[0] += TICK_MILLIS;
            fireDueTimers();
            for (RoomId room : rooms) {
                push.deliver(new Message(MessageId.generate(now[0]), io.roomcast.domain.message.Scope.ROOM, room, null,
                        Category.CHAT, Priority.LOW, UserId.of("fan"), 0, payload, now[0], 0, null, 0, null, null)
                        .storedAt(new Position(now[0], ++seq)));
            }
        }
        invocations++;
    }

    private void fireDueTimers() {
        Timed next;
        while ((next = timers.peek()) != null && next.due() <= now[0]) {
            timers.poll();
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
    }

    /** The figure is per block written only if each room sent one block a simulated second to each viewer. */
    @TearDown(Level.Iteration)
    public void checkOneBlockPerRoomPerSecond() {
        long expected = invocations * ROOMS * VIEWERS;
        if (invocations > 1 && Math.abs(writes - expected) > ROOMS * VIEWERS) {
            throw new IllegalStateException("wrote " + writes + " blocks in " + invocations
                    + " simulated seconds, expected " + expected + ": the per-block figure would be wrong");
        }
        writes = 0;
        invocations = 0;
    }
}
