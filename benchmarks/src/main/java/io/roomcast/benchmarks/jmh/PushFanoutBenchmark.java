package io.roomcast.benchmarks.jmh;

import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.push.PushService;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The push core's own fan-out cost, without sockets: one message published to a room with
 * {@value #VIEWERS} viewers on one loop closes its window at once (a quiet room), and the one block
 * is handed to every viewer, which checks it against its floor and writes it to its sink (a sink
 * that only consumes it). One operation is one viewer's share ({@code @OperationsPerInvocation}),
 * so {@code -prof gc}'s {@code gc.alloc.rate.norm} reads as bytes allocated per viewer per block.
 *
 * <p>Loops run their tasks inline (one thread), so the figure is the core's work alone: window,
 * drain, dispatch, per-viewer offer and write. What a transport adds per write (encoding once per
 * block, a retained duplicate, the socket) is not in it.
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
public class PushFanoutBenchmark {
    static final int VIEWERS = 10_000;
    private static final RoomId ROOM = RoomId.of("hot");

    private final long[] now = {1_764_288_000_000L};
    private final List<PushViewer> viewers = new ArrayList<>();
    private PushService push;
    private long seq;

    /** A loop that runs every task at once, on the caller's thread. */
    private static final class InlineLoop implements TaskLoop {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            return () -> { };
        }
    }

    /** A writable connection that only consumes what it is given. */
    private static final class ConsumingSink extends PushCores.WritableSink {
        ConsumingSink(Blackhole hole) {
            super(hole);
        }

        @Override
        public void write(Outgoing block) {
            hole.consume(block);
        }
    }

    @Setup
    public void setUp(Blackhole hole) {
        Clock clock = () -> now[0];
        push = PushCores.inMemory(clock, new BlockPolicy(500, 1_000, 0));
        InlineLoop loop = new InlineLoop();
        push.start(List.of(loop), Runnable::run);
        for (int i = 0; i < VIEWERS; i++) {
            PushViewer viewer = push.open(loop, new ConsumingSink(hole), "v" + i);
            viewer.enter(ROOM, UserId.of("u" + i), null);
            viewers.add(viewer);
        }
    }

    /** One quiet-room message: one block, written to every viewer. */
    @Benchmark
    @OperationsPerInvocation(VIEWERS)
    public void oneBlockToEveryViewer() {
        // A second apart: the room is quiet, so each message is its own block at once.
        now[0] += 1_000;
        push.deliver(new Message(MessageId.generate(now[0]), io.roomcast.domain.message.Scope.ROOM, ROOM, null, Category.GIFT, Priority.NORMAL,
                UserId.of("fan"), 10, Payload.json("{\"gift\":\"rose\"}"), now[0], 0, null, 0, null, null)
                .storedAt(new Position(now[0], ++seq)));
    }
}
