package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which held blocks tell the adaptive window that the node is behind. */
class ViewerHoldTest {
    private final PushBackend backend = new PushBackend(500, 0);
    private final ManualLoops loops = new ManualLoops(backend.clock);
    private final ManualLoops.Loop loop = loops.newLoop();
    private final List<Runnable> blocking = new ArrayList<>();
    private final PushService push = backend.push(new PushSettings(4, 600_000, 20, 1_000));

    private void settle() {
        loops.runReady();
        while (!blocking.isEmpty()) {
            blocking.remove(0).run();
            loops.runReady();
        }
        loops.advance(1_000);
    }

    private Viewer heldViewer(RecordingSink sink) {
        Viewer viewer = (Viewer) push.open(loop, sink, "s-" + System.identityHashCode(sink));
        loop.execute(() -> viewer.enter(RoomId.of("r1"), UserId.of("ann"), null));
        settle();
        sink.writable = false;
        return viewer;
    }

    @Test
    void givenAViewerHeldByItsConnection_itHoldsForTheNode_butNotWhenItsClientHasNotAcknowledged() {
        push.start(List.of(loop), blocking::add);
        RecordingSink socketFull = new RecordingSink();
        RecordingSink unacknowledged = new RecordingSink();
        unacknowledged.waitsForClient = true;
        Viewer byNode = heldViewer(socketFull);
        Viewer byClient = heldViewer(unacknowledged);

        backend.publish("r1", Category.CHAT, Priority.HIGH);
        settle();

        assertThat(byNode.pending()).isEqualTo(1);
        assertThat(byClient.pending()).isEqualTo(1);
        assertThat(byNode.holdsForNode()).isTrue();
        assertThat(byClient.holdsForNode()).as("a slow client is not the node's load").isFalse();
    }
}
