package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PublishResult;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final UserId ANN = UserId.of("ann");

    private final PushBackend backend = new PushBackend(500, 0);

    private Replay replay(int resumeMax) {
        return new Replay(backend.poll, backend.states, backend.clock, backend.rules.polling().maxLimit(), resumeMax);
    }

    private static List<Block> blocks(Replay.Result replay) {
        return replay.blocks().stream().map(Outgoing::block).toList();
    }

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    /** The cursor of a viewer that was given {@code r} (a room message) and no platform message. */
    private static Cursor roomAt(PublishResult r) {
        return new Cursor(r.cursor().part(), Cursor.Part.ORIGIN);
    }

    @Test
    void givenNoCursor_read_startsAtTheHead_withTheLatestStates_andNoBacklog() {
        backend.publish("r1", Category.CHAT, Priority.LOW);
        backend.publishState("r1", "pk.score", 1, Priority.NORMAL);
        PublishResult v2 = backend.publishState("r1", "pk.score", 2, Priority.NORMAL);
        PublishResult last = backend.publish("r1", Category.CHAT, Priority.LOW);

        Replay.Result replay = replay(1_000).read(R1, ANN, null);

        assertThat(replay.start().room()).isEqualTo(last.cursor().part());
        assertThat(replay.floor()).isEqualTo(replay.start());
        List<Block> blocks = blocks(replay);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).entries()).as("states repair, they are not deliveries").isEmpty();
        assertThat(ids(blocks.get(0).states())).containsExactly(v2.id());
        assertThat(blocks.get(0).header().through()).as("states do not move the cursor").isEqualTo(replay.start());
    }

    @Test
    void givenACursor_read_sendsNewerStatesFirst_thenTheBacklog_countingOlderVersionsAsSuperseded() {
        backend.publish("r1", Category.CHAT, Priority.LOW);
        backend.publishState("r1", "old.key", 1, Priority.NORMAL);
        PublishResult chat1 = backend.publish("r1", Category.CHAT, Priority.LOW);
        backend.publishState("r1", "pk.score", 1, Priority.NORMAL);
        PublishResult chat2 = backend.publish("r1", Category.GIFT, Priority.HIGH);
        PublishResult v2 = backend.publishState("r1", "pk.score", 2, Priority.NORMAL);
        PublishResult dm = backend.publishToUser("ann");
        backend.publishToUser("bob");

        Replay.Result replay = replay(1_000).read(R1, ANN, roomAt(chat1));

        List<Block> blocks = blocks(replay);
        assertThat(blocks).hasSize(2);
        assertThat(ids(blocks.get(0).states())).as("only states newer than the cursor").containsExactly(v2.id());
        assertThat(blocks.get(0).header().through()).isEqualTo(roomAt(chat1));
        assertThat(ids(blocks.get(1).entries())).containsExactly(chat2.id(), v2.id(), dm.id());
        assertThat(blocks.get(1).skipped().superseded()).as("pk.score v1").isEqualTo(1);
        Cursor end = new Cursor(v2.cursor().part(), dm.cursor().part());
        assertThat(blocks.get(1).header().through()).as("each family where its last message read is").isEqualTo(end);
        assertThat(replay.floor()).isEqualTo(end);
    }

    @Test
    void givenALongAbsence_read_isBounded_andCountsTheRestAsSkipped() {
        Cursor from = roomAt(backend.publish("r1", Category.CHAT, Priority.LOW));
        List<MessageId> highs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            PublishResult r = backend.publish("r1", Category.CHAT, i % 50 == 0 ? Priority.HIGH : Priority.LOW);
            if (i % 50 == 0) {
                highs.add(r.id());
            }
        }

        Replay.Result replay = replay(20).read(R1, ANN, from);

        int delivered = 0;
        long skipped = 0;
        List<MessageId> ids = new ArrayList<>();
        for (Block b : blocks(replay)) {
            delivered += b.entries().size();
            ids.addAll(ids(b.entries()));
            skipped += b.skipped().total();
        }
        assertThat(delivered).isLessThanOrEqualTo(20);
        assertThat(delivered + skipped).as("delivered + skipped = published since the cursor").isEqualTo(250);
        assertThat(ids).as("the most important first").containsAll(highs);
    }
}
