package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.in.PushViewer;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A published batch reaches the push core in one hand-off ({@code PushService.deliverAll}) and every lane in position order. */
class PushBatchTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final RoomId R2 = RoomId.of("r2");

    private final PushBackend backend = new PushBackend(500, 0);
    private final ManualLoops loops = new ManualLoops(backend.clock);
    private final List<ManualLoops.Loop> shards = List.of(loops.newLoop(), loops.newLoop(), loops.newLoop());
    private final List<Runnable> blocking = new ArrayList<>();
    private final PushService push = backend.push(new PushSettings(4, 600_000, 20, 1_000));

    PushBatchTest() {
        push.start(List.copyOf(shards), blocking::add);
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            loops.runReady();
            while (!blocking.isEmpty()) {
                blocking.remove(0).run();
                loops.runReady();
            }
            loops.advance(1_000);
        }
    }

    private void watch(RoomId room, String user, RecordingSink sink) {
        ManualLoops.Loop loop = shards.get(0);
        PushViewer viewer = push.open(loop, sink, "s-" + user);
        loop.execute(() -> viewer.enter(room, UserId.of(user), null));
        settle();
    }

    private static List<MessageId> delivered(RecordingSink sink) {
        return sink.written.stream().flatMap(b -> b.entries().stream()).map(Message::id).toList();
    }

    private static PublishCommand chat(RoomId room) {
        return new PublishCommand(Scope.ROOM, room, null, Category.CHAT, Priority.HIGH, 0, null, Payload.json("{}"), null, 0, null);
    }

    @Test
    void givenBatchOverRoomsUsersAndBroadcasts_publishAll_eachViewerGetsItsShareInPositionOrder() {
        RecordingSink ann = new RecordingSink();
        RecordingSink bob = new RecordingSink();
        watch(R1, "ann", ann);
        watch(R2, "bob", bob);
        List<PublishCommand> batch = List.of(chat(R1), chat(R2),
                new PublishCommand(Scope.UNICAST, null, UserId.of("ann"), Category.NOTIFY, Priority.HIGH, 0, null,
                        Payload.json("{}"), null, 0, null),
                chat(R1),
                new PublishCommand(Scope.BROADCAST, null, null, Category.NOTIFY, Priority.HIGH, 0, null, Payload.json("{}"), null, 0, null),
                chat(R2), chat(R1));

        List<PublishResult> results = backend.publisher.publishAll(batch);
        settle();

        List<MessageId> ids = results.stream().map(PublishResult::id).toList();
        // Each family in batch order (the room's sequence; the platform's: the unicast, then the
        // broadcast); where the platform's messages fall among the room's is the blocks' business.
        assertThat(delivered(ann)).containsExactlyInAnyOrder(ids.get(0), ids.get(3), ids.get(6), ids.get(2), ids.get(4))
                .containsSubsequence(ids.get(0), ids.get(3), ids.get(6)).containsSubsequence(ids.get(2), ids.get(4));
        assertThat(delivered(bob)).containsExactlyInAnyOrder(ids.get(1), ids.get(5), ids.get(4))
                .containsSubsequence(ids.get(1), ids.get(5));
    }
}
