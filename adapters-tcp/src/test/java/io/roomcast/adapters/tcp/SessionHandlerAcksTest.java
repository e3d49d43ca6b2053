package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.Cursors;
import io.roomcast.testing.TestTokens;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session whose client acknowledges blocks: blocks held past the ack lag, and acks that are wrong. */
class SessionHandlerAcksTest extends SessionHandlerFixture {
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
