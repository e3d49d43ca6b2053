package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** {@link PositionCheck}'s own schedule: it keeps checking whatever the blocking executor does. */
class PositionCheckTest {
    private static final RoomId R1 = RoomId.of("r1");

    private final ManualClock clock = new ManualClock();
    private final ManualLoops loops = new ManualLoops(clock);
    private final ManualLoops.Loop loop = loops.newLoop();
    private final FakeBus bus = new FakeBus();
    private final RoomWatches watches = new RoomWatches(bus);
    private final List<RoomId> reads = new ArrayList<>();
    private final PositionCheck check = new PositionCheck(watches, room -> {
        reads.add(room);
        return Cursor.ORIGIN;
    });

    PositionCheckTest() {
        watches.start(new ClusterBus.Listener() {
            @Override
            public void published(Message stored) {
            }

            @Override
            public void resubscribed(Optional<RoomId> room) {
            }
        });
        watches.ready(R1);
    }

    @Test
    void givenABlockingExecutorThatIsFull_theCheckIsTriedAgainAPeriodLater() {
        boolean[] full = {true};
        Executor blocking = task -> {
            if (full[0]) {
                throw new RejectedExecutionException("full");
            }
            task.run();
        };
        check.start(loop, blocking);

        loops.advance(PositionCheck.EVERY_MILLIS);
        loops.runReady();
        assertThat(reads).as("the executor refused the first check").isEmpty();
        full[0] = false;
        loops.advance(PositionCheck.EVERY_MILLIS);
        loops.runReady();

        assertThat(reads).containsExactly(R1);
    }

    @Test
    void givenAStoreThatFails_theCheckGoesOn() {
        PositionCheck failing = new PositionCheck(watches, room -> {
            reads.add(room);
            throw new IllegalStateException("the store is down");
        });
        failing.start(loop, Runnable::run);

        for (int i = 0; i < 3; i++) {
            loops.advance(PositionCheck.EVERY_MILLIS);
            loops.runReady();
        }

        assertThat(reads).containsExactly(R1, R1, R1);
        failing.stop();
        loops.advance(PositionCheck.EVERY_MILLIS * 3);
        loops.runReady();
        assertThat(reads).as("stopped").hasSize(3);
    }
}
