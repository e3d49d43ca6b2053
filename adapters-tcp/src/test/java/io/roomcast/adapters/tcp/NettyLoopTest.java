package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push core's tasks on an event loop: what a task wrote is flushed as the task ends, not turns later. */
class NettyLoopTest {
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final List<String> order = new ArrayList<>();
    private final NettyLoop loop = new NettyLoop(ch.eventLoop(), () -> order.add("flush"));

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    @Test
    void givenTwoPushTasks_eachTask_isFollowedByTheFlushBeforeTheLoopRunsAnythingElse() {
        loop.execute(() -> order.add("room A's block"));
        ch.eventLoop().execute(() -> order.add("another task"));
        loop.execute(() -> order.add("room B's block"));

        ch.runPendingTasks();

        assertThat(order).containsExactly("room A's block", "flush", "another task", "room B's block", "flush");
    }

    @Test
    void givenAPushTaskThatFails_theFlush_stillRuns() {
        loop.execute(() -> {
            order.add("block");
            throw new IllegalStateException("a bad block");
        });

        ch.runPendingTasks();

        assertThat(order).containsExactly("block", "flush");
        assertThatThrownBy(ch::checkException).as("the task's failure still reaches the loop").hasMessage("a bad block");
    }

    @Test
    void givenATimer_itsTask_runsWithoutTheFlush() {
        loop.schedule(() -> order.add("window closes"), 0);

        ch.runScheduledPendingTasks();

        assertThat(order).containsExactly("window closes");
    }
}
