package io.roomcast.application.push;

import io.roomcast.testing.Cursors;
import static io.roomcast.application.push.PushFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.RoomLane;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.testing.TestMessages;
import org.junit.jupiter.api.Test;

class RoomLaneTest {
    private static final long T0 = 1_764_288_000_000L;
    private static final RoomId ROOM = RoomId.of("r1");
    private static final UserId ANN = UserId.of("ann");

    private static RoomLane lane(int budgetPerSecond) {
        DeliveryRules rules = DeliveryRules.defaults().withBlocks(new BlockPolicy(500, 1_000, budgetPerSecond));
        return new RoomLane(ROOM, rules.newBlockWindow(ROOM));
    }

    @Test
    void givenAQuietRoom_offer_isDueAtOnce_andTheBlockCursorIsItsPosition() {
        RoomLane lane = lane(0);
        Message chat = stored(TestMessages.chat(ROOM, T0), 1);
        assertThat(lane.offer(chat, T0)).isTrue();
        RoomLane.Drained d = lane.drain(T0);
        assertThat(d.shared().block().entries()).extracting(Message::id).containsExactly(chat.id());
        assertThat(d.shared().block().header().through()).isEqualTo(Cursors.after(chat));
        assertThat(d.personal()).isEmpty();
        assertThat(lane.isIdle()).isTrue();
    }

    @Test
    void givenABusyRoom_offer_waitsForTheWindow() {
        RoomLane lane = lane(0);
        lane.offer(stored(TestMessages.chat(ROOM, T0), 1), T0);
        lane.drain(T0);
        assertThat(lane.offer(stored(TestMessages.chat(ROOM, T0 + 10), 2), T0 + 10)).isFalse();
        assertThat(lane.isDue(T0 + 10)).isFalse();
        assertThat(lane.dueAt()).isEqualTo(T0 + 510);
        assertThat(lane.isDue(T0 + 510)).isTrue();
    }

    @Test
    void givenAnEmptyWindow_unicast_goesAtOnceInAPersonalBlockOnly() {
        RoomLane lane = lane(0);
        Message dm = stored(TestMessages.toUser(ANN, T0), 7);
        lane.offerUnicast(ANN, dm);
        assertThat(lane.isDue(T0)).isTrue();
        RoomLane.Drained d = lane.drain(T0);
        assertThat(d.shared()).isNull();
        assertThat(d.personal().get(ANN).block().entries()).extracting(Message::id).containsExactly(dm.id());
        assertThat(d.personal().get(ANN).block().header().through()).isEqualTo(Cursor.ORIGIN.advance(dm));
    }

    @Test
    void givenAnOpenWindow_unicast_ridesWithTheRoomBlock_inPositionOrder_underOneCursor() {
        RoomLane lane = lane(0);
        lane.offer(stored(TestMessages.chat(ROOM, T0), 1), T0);
        lane.drain(T0);
        Message a = stored(TestMessages.chat(ROOM, T0 + 1), 2);
        Message dm = stored(TestMessages.toUser(ANN, T0 + 2), 3);
        Message b = stored(TestMessages.chat(ROOM, T0 + 3), 4);
        lane.offer(a, T0 + 1);
        lane.offerUnicast(ANN, dm);
        lane.offer(b, T0 + 3);
        assertThat(lane.isDue(T0 + 3)).as("unicast waits for an open window").isFalse();

        RoomLane.Drained d = lane.drain(T0 + 501);
        assertThat(d.shared().block().entries()).extracting(Message::id).containsExactly(a.id(), b.id());
        assertThat(d.personal().get(ANN).block().entries()).extracting(Message::id).containsExactly(a.id(), dm.id(), b.id());
        assertThat(d.shared().block().header().through()).isEqualTo(Cursors.after(a, dm, b));
        assertThat(d.personal().get(ANN).block().header().through()).isEqualTo(Cursors.after(a, dm, b));
    }

    @Test
    void givenALateLowerPosition_theCursor_neverGoesBack() {
        RoomLane lane = lane(0);
        Message dm = stored(TestMessages.toUser(ANN, T0), 10);
        lane.offerUnicast(ANN, dm);
        lane.drain(T0);
        Message chat = stored(TestMessages.chat(ROOM, T0), 9);
        lane.offer(chat, T0 + 2_000);
        Message older = stored(TestMessages.chat(ROOM, T0), 8);
        lane.offer(older, T0 + 2_001);
        RoomLane.Drained d = lane.drain(T0 + 2_000);
        assertThat(d.shared().block().header().through()).isEqualTo(Cursors.after(dm, chat));
    }

    @Test
    void givenMoreCriticalsThanABlockTakes_unicastAfterTheCut_waitsForTheNextBlock() {
        RoomLane lane = lane(2); // one block carries 1 entry (2/s over 500 ms)
        Message c1 = stored(TestMessages.critical(ROOM, T0), 1);
        Message c2 = stored(TestMessages.critical(ROOM, T0), 3);
        Message dm = stored(TestMessages.toUser(ANN, T0), 2);
        lane.offer(c1, T0);
        lane.offer(c2, T0);
        lane.offerUnicast(ANN, dm);

        RoomLane.Drained first = lane.drain(T0);
        assertThat(first.shared().block().entries()).extracting(Message::id).containsExactly(c1.id());
        assertThat(first.personal()).isEmpty();
        assertThat(lane.isDue(T0)).as("the rest waits the urgent gap after the block").isFalse();
        long next = T0 + io.roomcast.domain.block.BlockPolicy.DEFAULT_URGENT_GAP_MILLIS;
        assertThat(lane.isDue(next)).isTrue();
        RoomLane.Drained second = lane.drain(next);
        assertThat(second.shared().block().entries()).extracting(Message::id).containsExactly(c2.id());
        assertThat(second.personal().get(ANN).block().entries()).extracting(Message::id).containsExactly(c2.id(), dm.id());
        assertThat(lane.isIdle()).isTrue();
    }
}
