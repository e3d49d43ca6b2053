package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.push.PushService;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.Cursors;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
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
    private final ArrayDeque<Runnable> blocking = new ArrayDeque<>();
    private final TcpMetrics metrics = new TcpMetrics(new SimpleMeterRegistry());
    private final TcpConfig config = new TcpConfig().maxFrameBytes(1024).heartbeatMs(10_000)
            .push(PushLimits.defaults().withMaxPendingBlocks(2).withMergedBlockMaxEntries(2))
            .flow(ViewerFlow.defaults().withSlowTimeoutMs(5_000));
    private final PushService push = backend.push(config);
    private final LoopOutputs outputs = new LoopOutputs();
    private OutboundBudget budget;
    private EmbeddedChannel ch;

    private EmbeddedChannel open() {
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
    private void settle() {
        do {
            Runnable r;
            while ((r = blocking.poll()) != null) {
                r.run();
            }
            ch.runPendingTasks();
        } while (!blocking.isEmpty());
    }

    /** Lets the open block window close: the clock and the loop's timers move on by one window. */
    private void closeWindow() {
        clock.advance(500);
        ch.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
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

    private int viewers(RoomId room) {
        return push.viewers(loop(), room);
    }

    private List<Message> stored() {
        return backend.store.readSince(Feed.guest(R1), Cursor.ORIGIN, 1_000).messages();
    }

    private Message publish(Priority priority) {
        backend.publish("r1", Category.CHAT, priority, "{}");
        if (ch != null) {
            ch.runPendingTasks();
        }
        List<Message> all = stored();
        return all.get(all.size() - 1);
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }

    @Test
    void givenAGoodHello_session_welcomes_subscribes_andPushesLiveBlocks() {
        Position head = backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor();
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();

        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(Cursor.parse(frames.get(0).getWelcome().getCursor()).room()).isEqualTo(head.part());
        assertThat(frames.get(0).getWelcome().getHeartbeatMs()).isEqualTo(10_000);
        assertThat(viewers(R1)).isEqualTo(1);
        assertThat(push.watched(R1)).isTrue();
        assertThat(backend.directory.online(R1, clock.millis())).isEqualTo(1);

        Message live = publish(Priority.HIGH); // a quiet room's message goes at once
        frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(TestFrames.ids(frames.get(0).getBlock())).containsExactly(live.id().value());

        send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.PONG);

        ch.close();
        assertThat(viewers(R1)).isZero();
        assertThat(push.watched(R1)).isFalse();
        assertThat(backend.directory.online(R1, clock.millis())).isZero();
    }

    @Test
    void givenLiveBlocksDuringTheReplay_session_sendsEachMessageOnce_inOrder() {
        Message m1 = publish(Priority.LOW);
        open();
        send(hello(TestTokens.valid("ann"), "r1", "0"));
        blocking.poll().run();          // token check
        ch.runPendingTasks();           // subscribed; the replay read is queued
        Message m2 = publish(Priority.LOW);   // quiet room: a live block [m2] at once, waits for the replay
        Message m3 = publish(Priority.LOW);   // opens a window
        blocking.poll().run();          // replay read: m1 m2 m3, floor = m3
        ch.runPendingTasks();
        Message m4 = publish(Priority.LOW);   // same window: the live block [m3 m4] straddles the floor
        closeWindow();
        settle();

        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(
                ServerFrame.FrameCase.WELCOME, ServerFrame.FrameCase.BLOCK, ServerFrame.FrameCase.BLOCK);
        assertThat(TestFrames.ids(frames.get(1).getBlock())).containsExactlyElementsOf(ids(List.of(m1, m2, m3)));
        assertThat(TestFrames.ids(frames.get(2).getBlock())).containsExactly(m4.id().value());
        assertThat(frames.get(2).getBlock().getHeader().getCursor()).isEqualTo(Cursors.after(m4).encode());
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
        assertThat(viewers(R1)).isZero();
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
        assertThat(viewers(R1)).isZero();
    }

    @Test
    void givenJoinAndLeave_session_switchesRooms() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r2")).build()); // while still authenticating
        settle();
        assertThat(viewers(R1)).isZero();
        assertThat(viewers(R2)).isEqualTo(1);
        assertThat(session().room()).isEqualTo(R2);

        send(ClientFrame.newBuilder().setLeave(Leave.newBuilder().setRoomId("r2")).build());
        settle();
        assertThat(viewers(R2)).isZero();
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
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        clock.advance(1_000); // a quiet room: the first message goes at once, the others in windows
        for (int i = 0; i < 10; i++) {
            publish(i % 5 == 0 ? Priority.HIGH : Priority.LOW);
            if (i % 2 == 1) {
                closeWindow();
            }
        }
        List<Message> all = stored();
        assertThat(TestFrames.written(ch)).as("nothing written while not writable").isEmpty();
        assertThat(session().pendingBlocks()).isLessThanOrEqualTo(config.push().maxPendingBlocks());

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
        assertThat(frames.get(frames.size() - 1).getBlock().getHeader().getCursor()).isEqualTo(Cursors.after(all.get(9)).encode());

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        ch.advanceTimeBy(config.flow().slowTimeoutMs() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        frames = TestFrames.written(ch);
        assertThat(frames).extracting(f -> f.getError().getCode()).containsExactly("SLOW");
        assertThat(ch.isActive()).isFalse();
        assertThat(metrics.slowCloses()).isEqualTo(1);
    }

    @Test
    void givenAConnectionNotWritableWhileResuming_theReplay_waitsInThePendingQueue() {
        Cursor from = new Cursor(backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor().part(), Cursor.Part.ORIGIN);
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
    void givenTheNodesOutboundBudgetSpent_viewer_holdsItsBlocks_untilThereIsRoom_thenSendsThem() {
        budget = new OutboundBudget(100, outputs::budgetRecovered);
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        TestFrames.written(ch);
        clock.advance(1_000);

        budget.add(100);                              // other connections' writes in flight spend the budget
        Message first = publish(Priority.LOW);        // quiet room: a block at once, but no room to write it
        assertThat(TestFrames.written(ch)).isEmpty();
        assertThat(session().pendingBlocks()).isEqualTo(1);
        assertThat(ch.isActive()).as("the node's budget is no reason to close a viewer").isTrue();

        budget.release(100);                          // their writes complete: room again, the waiting viewer writes
        ch.runPendingTasks();
        Message second = publish(Priority.HIGH);
        closeWindow();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames.stream().flatMap(f -> TestFrames.ids(f.getBlock()).stream()))
                .containsExactly(first.id().value(), second.id().value());
        assertThat(budget.queuedBytes()).as("every write of this viewer completed").isZero();
        assertThat(budget.hasRoom()).isTrue();
    }

    @Test
    void givenPlainTcp_theBudget_countsAViewersOwnBlocks_notTheSharedOnes() {
        config.tls(TlsConfig.defaults().withEnabled(false));
        budget = new OutboundBudget(1 << 20, outputs::budgetRecovered);
        Cursor from = new Cursor(backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor().part(), Cursor.Part.ORIGIN);
        backend.publish("r1", Category.GIFT, Priority.HIGH, "{}");
        open();
        // a socket that takes nothing yet: every write stays in flight until released below
        List<io.netty.channel.ChannelPromise> inFlight = new java.util.ArrayList<>();
        ch.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                io.netty.util.ReferenceCountUtil.release(msg);
                inFlight.add(promise);
            }
        });
        send(hello(TestTokens.valid("ann"), "r1", from.encode()));
        settle();
        assertThat(budget.queuedBytes()).as("the replay is this viewer's own copy").isPositive();
        inFlight.forEach(io.netty.channel.ChannelPromise::setSuccess);
        inFlight.clear();
        assertThat(budget.queuedBytes()).isZero();

        clock.advance(1_000);
        publish(Priority.LOW);
        closeWindow();
        assertThat(inFlight).as("the room's block was written").isNotEmpty();
        assertThat(budget.queuedBytes()).as("a room's block on plain TCP is one buffer for every viewer of the loop").isZero();
        inFlight.forEach(io.netty.channel.ChannelPromise::setSuccess);
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

    private static ClientFrame ack(long blocks) {
        return ClientFrame.newBuilder().setAck(io.roomcast.protocol.v1.Ack.newBuilder().setBlocks(blocks)).build();
    }

    private void openWithAcks() {
        open();
        send(ClientFrame.newBuilder().setHello(Hello.newBuilder().setToken(TestTokens.valid("ann")).setRoomId("r1")
                .setAcks(true)).build());
        settle();
    }

    @Test
    void givenAViewerThatReadsButDoesNotAck_session_holdsAndMergesItsBlocksPastTheLag_untilItAcks() {
        openWithAcks();
        assertThat(TestFrames.written(ch).get(0).getWelcome().getAckMs()).isEqualTo(config.flow().ackLagMs() / 4);
        clock.advance(1_000);
        publish(Priority.HIGH);                        // a quiet room: the first block goes at once
        assertThat(TestFrames.written(ch)).hasSize(1);
        ch.advanceTimeBy(config.flow().ackLagMs() + 1, TimeUnit.MILLISECONDS); // and is not acknowledged within the lag
        for (int i = 0; i < 10; i++) {
            publish(i % 5 == 0 ? Priority.HIGH : Priority.LOW);
            if (i % 2 == 1) {
                closeWindow();
            }
        }
        assertThat(TestFrames.written(ch)).as("the socket takes more, but the client is behind").isEmpty();
        assertThat(session().pendingBlocks()).isBetween(1, config.push().maxPendingBlocks());
        assertThat(ch.isActive()).isTrue();

        send(ack(1));
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).as("what waited, merged into one block: the newest of each level").hasSize(1);
        long delivered = frames.stream().mapToLong(f -> f.getBlock().getEntriesCount()).sum();
        long skipped = frames.stream().mapToLong(f -> f.getBlock().getSkipped().getBudget()).sum();
        assertThat(delivered + skipped).as("delivered + skipped = published after the first block").isEqualTo(10);
        assertThat(skipped).isPositive();
        assertThat(frames.get(frames.size() - 1).getBlock().getHeader().getCursor())
                .isEqualTo(Cursors.after(stored().get(10)).encode());

        ViewerFlow flow = config.flow();
        ch.advanceTimeBy(flow.slowTimeoutMs() + flow.ackLagMs(), TimeUnit.MILLISECONDS); // acks stop for good
        publish(Priority.HIGH);
        closeWindow();
        ch.advanceTimeBy(flow.slowTimeoutMs() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertThat(TestFrames.written(ch)).extracting(f -> f.getError().getCode()).containsExactly("SLOW");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void givenAnAckAboveTheBlocksSent_session_answersBadFrame() {
        openWithAcks();
        TestFrames.written(ch);
        send(ack(1));
        assertThat(TestFrames.written(ch)).extracting(f -> f.getError().getCode()).containsExactly("BAD_FRAME");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void givenAnAckWithoutHelloAcks_session_answersBadFrame() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        assertThat(TestFrames.written(ch).get(0).getWelcome().getAckMs()).as("no acks asked, none announced").isZero();
        send(ack(0));
        assertThat(TestFrames.written(ch)).extracting(f -> f.getError().getCode()).containsExactly("BAD_FRAME");
    }
}
