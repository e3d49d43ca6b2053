package io.roomcast.application.push;

import static io.roomcast.application.push.PushFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.testing.Cursors;
import io.roomcast.testing.TestMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Viewer#offer} answers (whether the viewer holds blocks after it): the load watch counts it. */
class ViewerOfferTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private static final long T0 = 1_764_288_000_000L;

    private final PushBackend backend = new PushBackend(500, 0);
    private final ManualLoops loops = new ManualLoops(backend.clock);
    private final ManualLoops.Loop loop = loops.newLoop();
    private final List<Runnable> blocking = new ArrayList<>();
    private final PushService push = backend.push(new PushSettings(4, 600_000, 20, 1_000));
    private final RecordingSink sink = new RecordingSink();
    private long seq = 100;

    ViewerOfferTest() {
        push.start(List.of(loop), blocking::add);
    }

    private Viewer live() {
        return live(sink, "ann");
    }

    private Viewer live(RecordingSink to, String user) {
        Viewer viewer = (Viewer) push.open(loop, to, "s-" + user);
        loop.execute(() -> viewer.enter(ROOM, UserId.of(user), null));
        for (int i = 0; i < 3; i++) {
            loops.runReady();
            while (!blocking.isEmpty()) {
                blocking.remove(0).run();
                loops.runReady();
            }
        }
        return viewer;
    }

    private Outgoing block() {
        List<Message> entries = List.of(stored(TestMessages.chat(ROOM, T0), ++seq));
        return Outgoing.of(new Block(new BlockHeader(ROOM, Cursors.after(entries), T0), entries, SkipCounts.NONE));
    }

    @Test
    void givenAWritableSink_offer_writesAtOnceAndHoldsNothing() {
        Viewer viewer = live();
        int before = sink.written.size();

        assertThat(viewer.offer(block())).isFalse();
        assertThat(sink.written).hasSize(before + 1);
        assertThat(viewer.pending()).isZero();
    }

    @Test
    void givenASinkThatTakesNothing_offer_holdsTheBlock_untilTheSinkIsWritableAgain() {
        Viewer viewer = live();
        sink.writable = false;

        assertThat(viewer.offer(block())).isTrue();
        assertThat(viewer.offer(block())).isTrue();
        assertThat(viewer.pending()).isPositive();

        int before = sink.written.size();
        sink.writable = true;
        viewer.writable();
        assertThat(viewer.pending()).isZero();
        assertThat(sink.written).as("what was held went out").hasSizeGreaterThan(before);
        assertThat(viewer.offer(block())).isFalse();
    }

    @Test
    void givenHeldBlocksAndASinkWritableAgainUnannounced_offer_drainsThemAll_andHoldsNothing() {
        Viewer viewer = live();
        sink.writable = false;
        viewer.offer(block());
        int before = sink.written.size();
        sink.writable = true;

        assertThat(viewer.offer(block())).isFalse();
        assertThat(viewer.pending()).isZero();
        assertThat(sink.written).hasSizeGreaterThan(before);
    }

    @Test
    void givenASinkThatClosesTheViewerWhileWriting_offer_holdsNothing() {
        Viewer[] self = new Viewer[1];
        RecordingSink closing = new RecordingSink(start -> { }, written -> self[0].close());
        self[0] = live(closing, "cid");

        assertThat(self[0].offer(block())).isFalse();
        assertThat(self[0].pending()).isZero();
        assertThat(self[0].offer(block())).as("closed: takes nothing more").isFalse();
        assertThat(closing.written).hasSize(1);
    }

    @Test
    void givenAViewerStillReadingItsReplay_offer_keepsTheBlockForLater() {
        Viewer viewer = (Viewer) push.open(loop, sink, "s-bob");
        loop.execute(() -> viewer.enter(ROOM, UserId.of("bob"), null));
        loops.runReady();

        assertThat(viewer.offer(block())).isTrue();
        assertThat(viewer.pending()).isEqualTo(1);
    }

    @Test
    void givenAClosedViewer_offer_holdsNothing() {
        Viewer viewer = live();
        viewer.close();

        assertThat(viewer.offer(block())).isFalse();
        assertThat(viewer.pending()).isZero();
    }
}
