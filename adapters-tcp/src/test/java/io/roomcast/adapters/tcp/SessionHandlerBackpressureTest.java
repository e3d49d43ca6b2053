package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.Cursors;
import io.roomcast.testing.TestTokens;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session that cannot write: blocks held and merged by priority, slow viewers closed, the node's outbound budget. */
class SessionHandlerBackpressureTest extends SessionHandlerFixture {
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
}
