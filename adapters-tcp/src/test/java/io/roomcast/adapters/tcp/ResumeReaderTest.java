package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeReaderTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final UserId ANN = UserId.of("ann");

    private final ManualClock clock = new ManualClock();
    private final Backend backend = new Backend(clock, Backend.rules(500, 0));

    private ResumeReader reader(int resumeMax) {
        return new ResumeReader(backend.poll, backend.states, clock, backend.rules,
                new TcpConfig().resumeMaxMessages(resumeMax).heartbeatMs(20_000));
    }

    private static List<Block> blocks(ResumeReader.Replay replay) {
        List<Block> out = new ArrayList<>();
        for (ResumeReader.ReplayBlock b : replay.blocks()) {
            out.add(TestFrames.parse(b.frame()).getBlock());
        }
        return out;
    }

    private String id(PublishResult r) {
        return r.id().value();
    }

    @Test
    void givenNoCursor_read_welcomesAtTheHead_withTheLatestStates_andNoBacklog() {
        backend.publish("r1", Category.CHAT, Priority.LOW, "{}");
        backend.publishState("r1", "pk.score", 1);
        PublishResult v2 = backend.publishState("r1", "pk.score", 2);
        PublishResult last = backend.publish("r1", Category.CHAT, Priority.LOW, "{}");

        ResumeReader.Replay replay = reader(1_000).read(R1, ANN, null, "s1");

        ServerFrame welcome = TestFrames.parse(replay.welcome());
        assertThat(welcome.getWelcome().getSessionId()).isEqualTo("s1");
        assertThat(welcome.getWelcome().getHeartbeatMs()).isEqualTo(20_000);
        assertThat(welcome.getWelcome().getCursor()).isEqualTo(last.cursor().encode());
        assertThat(replay.floor()).isEqualTo(last.cursor());
        List<Block> blocks = blocks(replay);
        assertThat(blocks).hasSize(1);
        assertThat(TestFrames.ids(blocks.get(0))).containsExactly(id(v2));
        assertThat(blocks.get(0).getHeader().getCursor()).as("states do not move the cursor").isEqualTo(last.cursor().encode());
    }

    @Test
    void givenACursor_read_sendsNewerStatesFirst_thenTheBacklogWithoutThemOrTheirOlderVersions() {
        PublishResult before = backend.publish("r1", Category.CHAT, Priority.LOW, "{}");
        backend.publishState("r1", "old.key", 1);
        PublishResult chat1 = backend.publish("r1", Category.CHAT, Priority.LOW, "{}");
        PublishResult v1 = backend.publishState("r1", "pk.score", 1);
        PublishResult chat2 = backend.publish("r1", Category.GIFT, Priority.HIGH, "{}");
        PublishResult v2 = backend.publishState("r1", "pk.score", 2);
        PublishResult dm = backend.publishToUser("ann", "{}");
        backend.publishToUser("bob", "{}");

        ResumeReader.Replay replay = reader(1_000).read(R1, ANN, chat1.cursor(), null);

        assertThat(replay.welcome()).isNull();
        List<Block> blocks = blocks(replay);
        assertThat(blocks).hasSize(2);
        assertThat(TestFrames.ids(blocks.get(0))).as("only states newer than the cursor").containsExactly(id(v2));
        assertThat(blocks.get(0).getHeader().getCursor()).isEqualTo(chat1.cursor().encode());
        assertThat(TestFrames.ids(blocks.get(1))).containsExactly(id(chat2), id(dm));
        assertThat(blocks.get(1).getSkipped().getSuperseded()).as("pk.score v1").isEqualTo(1);
        assertThat(blocks.get(1).getHeader().getCursor()).isEqualTo(dm.cursor().encode());
        assertThat(replay.floor()).isEqualTo(dm.cursor());
        assertThat(List.of(before, v1)).isNotEmpty();
    }

    @Test
    void givenALongAbsence_read_isBounded_andCountsTheRestAsSkipped() {
        Cursor from = backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor();
        List<String> highs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            PublishResult r = backend.publish("r1", Category.CHAT, i % 50 == 0 ? Priority.HIGH : Priority.LOW, "{}");
            if (i % 50 == 0) {
                highs.add(id(r));
            }
        }

        ResumeReader.Replay replay = reader(20).read(R1, ANN, from, null);

        int delivered = 0;
        long skipped = 0;
        List<String> ids = new ArrayList<>();
        for (Block b : blocks(replay)) {
            delivered += b.getEntriesCount();
            ids.addAll(TestFrames.ids(b));
            skipped += b.getSkipped().getPriority() + b.getSkipped().getAge() + b.getSkipped().getBudget()
                    + b.getSkipped().getSuperseded();
        }
        assertThat(delivered).isLessThanOrEqualTo(20);
        assertThat(delivered + skipped).as("delivered + skipped = published since the cursor").isEqualTo(250);
        assertThat(ids).as("the most important first").containsAll(highs);
    }
}
