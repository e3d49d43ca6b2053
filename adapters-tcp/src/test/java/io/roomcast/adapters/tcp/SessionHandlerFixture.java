package io.roomcast.adapters.tcp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.push.PushService;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.testing.NoLeaks;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One {@link SessionHandler} on an {@link EmbeddedChannel} over a real {@link Backend}, shared by the
 * {@code SessionHandler*Test} classes: a manual clock, blocking work run by hand ({@link #settle()}),
 * a small pending queue (2 blocks, 2 entries merged) and a 500 ms block window. Per test, not shared.
 */
@ExtendWith(NoLeaks.class)
abstract class SessionHandlerFixture {
    static final RoomId R1 = RoomId.of("r1");

    final ManualClock clock = new ManualClock();
    final Backend backend = new Backend(clock, Backend.rules(500, 0));
    final ArrayDeque<Runnable> blocking = new ArrayDeque<>();
    final TcpMetrics metrics = new TcpMetrics(new SimpleMeterRegistry());
    final TcpConfig config = new TcpConfig().maxFrameBytes(1024).heartbeatMs(10_000)
            .push(PushLimits.defaults().withMaxPendingBlocks(2).withMergedBlockMaxEntries(2))
            .flow(ViewerFlow.defaults().withSlowTimeoutMs(5_000));
    final PushService push = backend.push(config);
    final LoopOutputs outputs = new LoopOutputs();
    OutboundBudget budget;
    EmbeddedChannel ch;

    EmbeddedChannel open() {
        SessionServices services = new SessionServices(config, backend.sessions(push, config), push, outputs, metrics, blocking::add,
                budget);
        ch = new EmbeddedChannel(ServerFrameEncoder.INSTANCE, new FrameDecoder(config.maxFrameBytes()),
                new ProtobufDecoder(ClientFrame.getDefaultInstance()), new SessionHandler(services));
        push.start(List.of(loop()), blocking::add);
        return ch;
    }

    @AfterEach
    void close() {
        if (ch != null) {
            outputs.clear();
            ch.runPendingTasks();
            ch.finishAndReleaseAll();
        }
    }

    private NettyLoop loop() {
        return outputs.of(ch.eventLoop()).tasks;
    }

    /** Runs the blocking work and the loop's tasks until nothing is left. */
    void settle() {
        do {
            Runnable r;
            while ((r = blocking.poll()) != null) {
                r.run();
            }
            ch.runPendingTasks();
        } while (!blocking.isEmpty());
    }

    /** Lets the open block window close: the clock and the loop's timers move on by one window. */
    void closeWindow() {
        clock.advance(500);
        ch.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    static ClientFrame hello(String token, String room, String cursor) {
        return ClientFrame.newBuilder().setHello(Hello.newBuilder().setToken(token).setRoomId(room).setCursor(cursor)).build();
    }

    void send(ClientFrame frame) {
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.encode(frame)));
    }

    SessionHandler session() {
        return ch.pipeline().get(SessionHandler.class);
    }

    int viewers(RoomId room) {
        return push.viewers(loop(), room);
    }

    List<Message> stored() {
        return backend.store.readSince(Feed.guest(R1), Cursor.ORIGIN, 1_000).messages();
    }

    Message publish(Priority priority) {
        backend.publish("r1", Category.CHAT, priority, "{}");
        if (ch != null) {
            ch.runPendingTasks();
        }
        List<Message> all = stored();
        return all.get(all.size() - 1);
    }
}
