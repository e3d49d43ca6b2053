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
import org.junit.jupiter.api.Test;

/** A resuming session: the replay from a cursor, with live blocks and a connection that cannot take more. */
class SessionHandlerReplayTest extends SessionHandlerFixture {
    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
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
}
