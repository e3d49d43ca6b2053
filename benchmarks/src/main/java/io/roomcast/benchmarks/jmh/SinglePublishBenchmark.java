package io.roomcast.benchmarks.jmh;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single publishes (one message per call) from many threads at once, as the HTTP workers make
 * them when a thousand business servers each send one message at a time: {@link PublishMessageService#publish}
 * over a real store, every call to one of 1,000 rooms in turn, every message admitted, no viewers
 * (fan-out does nothing). One operation is one publish; the figure is publishes per second of all
 * threads together. 16 threads: the HTTP worker pool of a 2-core node (8 per IO thread). Built
 * against two versions of the code, it compares ways of batching single publishes (DECISIONS.md,
 * Publishing).
 *
 * <p>{@link #publishBatch}: the same threads each publishing batches of {@code batch} messages to
 * as many rooms in turn ({@link PublishMessageService#publishAll}, as the JSON batch endpoint does
 * for a business server that sends every 50 ms): one operation is one batch. A batch over a hundred
 * rooms touches a hundred hand-off stripes, so it measures how batches of different callers share
 * the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class SinglePublishBenchmark {
    private static final int ROOMS = 1_000;

    @Param({"CHRONICLE", "REDIS"})
    StoreType store;

    /** Messages (and rooms) per batch in {@link #publishBatch}. */
    @Param({"100"})
    int batch;

    private Path scratch;
    private MessageStore opened;
    private PublishMessageService service;
    private PublishCommand[] commands;

    @Setup
    public void setUp() throws IOException {
        scratch = Files.createTempDirectory("roomcast-jmh-publish-");
        try {
            opened = store.open(Retention.defaults(), Clock.system(), scratch);
        } catch (RuntimeException e) {
            Scratch.delete(scratch);
            throw e;
        }
        DeliveryRules rules = DeliveryRules.defaults()
                .withAdmission(AdmissionPolicy.ofRate(10_000_000).withCriticalRate(0));
        service = new PublishMessageService(opened, Fanout.none(), Clock.system(), rules);
        commands = new PublishCommand[ROOMS];
        for (int i = 0; i < ROOMS; i++) {
            commands[i] = PublishCommand.toRoom(RoomId.of("room-" + i), Category.CHAT, UserId.of("fan"),
                    Payload.json("{\"text\":\"a line of chat about the same length as a real one, sixty bytes\"}"));
        }
    }

    /** Each thread's turn through the rooms. */
    @State(Scope.Thread)
    public static class Turn {
        int next = (int) (Thread.currentThread().getId() * 7919 % ROOMS);
    }

    @Benchmark
    public PublishResult publish(Turn turn) {
        int room = turn.next;
        turn.next = room + 1 == ROOMS ? 0 : room + 1;
        return service.publish(commands[room]);
    }

    @Benchmark
    public List<PublishResult> publishBatch(Turn turn) {
        int from = turn.next;
        turn.next = (from + batch) % ROOMS;
        List<PublishCommand> commands = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            commands.add(this.commands[(from + i) % ROOMS]);
        }
        return service.publishAll(commands);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (opened != null) {
            opened.close();
        }
        Scratch.delete(scratch);
    }
}
