package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(NoLeaks.class)
class SessionHandlerTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final RoomId R2 = RoomId.of("r2");
    private static final HexFormat HEX = HexFormat.of();

    private final ManualClock clock = new ManualClock();
    private final Backend backend = new Backend(clock, Backend.rules(500, 0));
    private final RoomFanout fanout = new RoomFanout(clock, backend.rules);
    private final ArrayDeque<Runnable> blocking = new ArrayDeque<>();
    private final TcpMetrics metrics = new TcpMetrics(new SimpleMeterRegistry());
    private final TcpConfig config = new TcpConfig().maxFrameBytes(1024).maxPendingBlocks(2)
            .mergedBlockMaxEntries(2).slowTimeoutMs(5_000).heartbeatMs(10_000);
    private EmbeddedChannel ch;

    private EmbeddedChannel open() {
        SessionServices services = new SessionServices(config, backend.tokens,
                new ResumeReader(backend.poll, backend.states, clock, backend.rules, config), backend.directory, clock,
                backend.rules.pick(), fanout, metrics, blocking::add);
        ch = new EmbeddedChannel(ServerFrameEncoder.INSTANCE, new FrameDecoder(config.maxFrameBytes()),
                new ProtobufDecoder(ClientFrame.getDefaultInstance()), new SessionHandler(services));
        return ch;
    }

    @AfterEach
    void close() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    /** Runs the blocking work and the loop's tasks until nothing is left. */
    private void settle() {
        do {
            Runnable r;
            while ((r = blocking.poll()) != null) {
                r.run();
            }
            ch.runPendingTasks();
        } while (!blocking.isEmpty());
    }

    private static ClientFrame hello(String token, String room, String cursor) {
        return ClientFrame.newBuilder().setHello(Hello.newBuilder().setToken(token).setRoomId(room).setCursor(cursor)).build();
    }

    private void send(ClientFrame frame) {
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.encode(frame)));
    }

    private SessionHandler session() {
        return ch.pipeline().get(SessionHandler.class);
    }

    private LoopSubscribers subscribers() {
        return fanout.subscribersOf(ch.eventLoop());
    }

    private List<Message> stored() {
        return backend.store.readSince(Feed.guest(R1), Cursor.ORIGIN, 1_000).messages();
    }

    private void deliver(RoomId room, List<Message> entries) {
        Block block = new Block(new BlockHeader(room, entries.get(entries.size() - 1).position(), clock.millis()),
                entries, SkipCounts.NONE);
        subscribers().deliver(new FanoutBatch(room, EncodedBlock.encode(block, ByteBufAllocator.DEFAULT), Map.of()));
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }

    @Test
    void givenAGoodHello_session_welcomes_subscribes_andPushesLiveBlocks() {
        Cursor head = backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor();
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();

        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).getWelcome().getCursor()).isEqualTo(head.encode());
        assertThat(frames.get(0).getWelcome().getHeartbeatMs()).isEqualTo(10_000);
        assertThat(subscribers().viewers(R1)).isEqualTo(1);
        assertThat(fanout.index().isWatched(R1)).isTrue();
        assertThat(backend.directory.online(R1, clock.millis())).isEqualTo(1);

        backend.publish("r1", Category.GIFT, Priority.HIGH, "{}");
        List<Message> live = stored().subList(1, 2);
        deliver(R1, live);
        ch.runPendingTasks();
        frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(TestFrames.ids(frames.get(0).getBlock())).containsExactlyElementsOf(ids(live));

        send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.PONG);

        ch.close();
        assertThat(subscribers().viewers(R1)).isZero();
        assertThat(fanout.index().isWatched(R1)).isFalse();
        assertThat(backend.directory.online(R1, clock.millis())).isZero();
    }

    @Test
    void givenLiveBlocksDuringTheReplay_session_sendsEachMessageOnce_inOrder() {
        backend.publish("r1", Category.CHAT, Priority.LOW, "{}");
        open();
        send(hello(TestTokens.valid("ann"), "r1", "0"));
        blocking.poll().run();          // token check
        ch.runPendingTasks();           // subscribed; the replay read is queued
        Message m1 = stored().get(0);
        deliver(R1, List.of(m1));       // live, while resuming: waits
        blocking.poll().run();          // replay read: m1, floor = m1
        backend.publish("r1", Category.CHAT, Priority.LOW, "{}");
        Message m2 = stored().get(1);
        deliver(R1, List.of(m1, m2));   // overlaps the replay
        settle();

        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(
                ServerFrame.FrameCase.WELCOME, ServerFrame.FrameCase.BLOCK, ServerFrame.FrameCase.BLOCK);
        assertThat(TestFrames.ids(frames.get(1).getBlock())).containsExactly(m1.id().value());
        assertThat(TestFrames.ids(frames.get(2).getBlock())).containsExactly(m2.id().value());
        assertThat(frames.get(2).getBlock().getHeader().getCursor()).isEqualTo(m2.position().encode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ping before hello,      022200,            UNAUTHENTICATED",
            "unknown frame type,     024a00,            BAD_FRAME",
            "empty frame,            00,                BAD_FRAME",
            "oversized prefix,       81808008,          BAD_FRAME",
            "garbage prefix,         808080808080,      BAD_FRAME",
            "invalid protobuf,       03ffffff,          BAD_FRAME",
    })
    void givenBadBytes_session_answersErrorAndCloses(String what, String hex, String code) {
        open();
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(hex)));
        settle();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.ERROR);
        assertThat(frames.get(0).getError().getCode()).isEqualTo(code);
        assertThat(ch.isActive()).as("closed").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "expired token,  EXPIRED,     r1,   '',     UNAUTHENTICATED",
            "bad token,      nonsense,    r1,   '',     UNAUTHENTICATED",
            "empty token,    '',          r1,   '',     UNAUTHENTICATED",
            "bad room,       VALID,       'r 1', '',    INVALID_ARGUMENT",
            "bad cursor,     VALID,       r1,   x-y,    INVALID_CURSOR",
    })
    void givenABadHello_session_answersErrorAndCloses(String what, String token, String room, String cursor, String code) {
        String t = switch (token) {
            case "VALID" -> TestTokens.valid("ann");
            case "EXPIRED" -> TestTokens.expired("ann");
            default -> token;
        };
        open();
        send(hello(t, room, cursor));
        settle();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.ERROR);
        assertThat(frames.get(0).getError().getCode()).isEqualTo(code);
        assertThat(ch.isActive()).isFalse();
        assertThat(subscribers().viewers(R1)).isZero();
    }

    @Test
    void givenASecondHello_session_answersBadFrame() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        TestFrames.written(ch);
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        assertThat(TestFrames.written(ch).get(0).getError().getCode()).isEqualTo("BAD_FRAME");
        assertThat(ch.isActive()).isFalse();
        assertThat(subscribers().viewers(R1)).isZero();
    }

    @Test
    void givenJoinAndLeave_session_switchesRooms() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r2")).build()); // while still authenticating
        settle();
        assertThat(subscribers().viewers(R1)).isZero();
        assertThat(subscribers().viewers(R2)).isEqualTo(1);
        assertThat(session().room()).isEqualTo(R2);

        send(ClientFrame.newBuilder().setLeave(Leave.newBuilder().setRoomId("r2")).build());
        settle();
        assertThat(subscribers().viewers(R2)).isZero();
        assertThat(session().room()).isNull();
        assertThat(ch.isActive()).isTrue();
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.WELCOME);
    }

    @Test
    void givenAConnectionThatStopsReading_session_mergesByPriority_thenClosesItAsSlow() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        TestFrames.written(ch);
        for (int i = 0; i < 10; i++) {
            backend.publish("r1", Category.CHAT, i % 5 == 0 ? Priority.HIGH : Priority.LOW, "{}");
        }
        List<Message> all = stored();

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        for (int i = 0; i < 10; i += 2) {
            deliver(R1, all.subList(i, i + 2));
        }
        ch.runPendingTasks();
        assertThat(TestFrames.written(ch)).as("nothing written while not writable").isEmpty();
        assertThat(session().pendingBlocks()).isLessThanOrEqualTo(config.maxPendingBlocks());

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        List<ServerFrame> frames = TestFrames.written(ch);
        int delivered = 0;
        long skipped = 0;
        StringBuilder ids = new StringBuilder();
        for (ServerFrame f : frames) {
            delivered += f.getBlock().getEntriesCount();
            skipped += f.getBlock().getSkipped().getBudget();
            TestFrames.ids(f.getBlock()).forEach(ids::append);
        }
        assertThat(delivered + skipped).as("delivered + skipped = published").isEqualTo(10);
        assertThat(skipped).isPositive();
        assertThat(ids.toString()).contains(all.get(0).id().value(), all.get(5).id().value());
        assertThat(frames.get(frames.size() - 1).getBlock().getHeader().getCursor()).isEqualTo(all.get(9).position().encode());

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        ch.advanceTimeBy(config.slowTimeoutMs() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        frames = TestFrames.written(ch);
        assertThat(frames).extracting(f -> f.getError().getCode()).containsExactly("SLOW");
        assertThat(ch.isActive()).isFalse();
        assertThat(metrics.slowCloses()).isEqualTo(1);
    }

    @Test
    void givenAConnectionNotWritableWhileResuming_theReplay_waitsInThePendingQueue() {
        Cursor from = backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor();
        for (int i = 0; i < 5; i++) {
            backend.publish("r1", Category.GIFT, Priority.HIGH, "{}");
        }
        open();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        send(hello(TestTokens.valid("ann"), "r1", from.encode()));
        settle();
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase)
                .as("only the Welcome while the connection cannot take more").containsExactly(ServerFrame.FrameCase.WELCOME);
        assertThat(session().pendingBlocks()).isEqualTo(1);

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(TestFrames.ids(frames.get(0).getBlock())).containsExactlyElementsOf(ids(stored().subList(1, 6)));
    }

    @Test
    void givenNoHello_session_closesAfterTheHelloTimeout() {
        open();
        ch.advanceTimeBy(config.helloTimeoutMs() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(TestFrames.written(ch).get(0).getError().getCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void givenJoinFloodWhileStarting_session_isClosedWithRateLimited_notQueuedWithoutEnd() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        for (int i = 0; i <= SessionHandler.MAX_DEFERRED_ROOM_CHANGES; i++) {
            send(ClientFrame.newBuilder().setJoin(io.roomcast.protocol.v1.Join.newBuilder().setRoomId("room" + i)).build());
        }
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(f -> f.getError().getCode()).contains(WireErrors.RATE_LIMITED);
        settle();
        assertThat(ch.isOpen()).isFalse();
    }
}
