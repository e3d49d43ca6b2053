package io.roomcast.domain.block;

import static io.roomcast.domain.TestMessages.ROOM;
import static io.roomcast.domain.TestMessages.chat;
import static io.roomcast.domain.TestMessages.critical;
import static io.roomcast.domain.TestMessages.giftWorth;
import static io.roomcast.domain.TestMessages.state;
import static io.roomcast.domain.TestMessages.unstoredChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.domain.policy.Staleness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window 500 ms, quiet 1,000 ms, render budget 20/s: at most 10 entries per block. */
class BlockWindowTest {
    private static final long T0 = 1_764_288_000_000L;
    private static final PriorityPick PICK = new PriorityPick(Staleness.defaults());

    private static final BlockPolicy POLICY = new BlockPolicy(500, 1_000, 20);

    private final BlockWindow window = new BlockWindow(ROOM, POLICY, PICK);

    /** A message came and its block went at {@code millis}, so the room is not quiet then. */
    private void blockSentAt(long millis) {
        window.offer(chat(0, millis), millis);
        window.drain(millis);
    }

    @Test
    void givenNewWindow_offerFirstMessage_isDueAtOnce() {
        assertThat(window.isDue(T0)).isFalse();

        assertThat(window.offer(chat(1, T0), T0)).isTrue();

        assertThat(window.isDue(T0)).isTrue();
        assertThat(window.isEmpty()).isFalse();
    }

    @Test
    void givenRecentBlock_offer_isDueOnlyAfterWindow() {
        blockSentAt(T0);

        assertThat(window.offer(chat(1, T0 + 100), T0 + 100)).isFalse();
        assertThat(window.offer(chat(2, T0 + 300), T0 + 300)).isFalse();

        assertThat(window.dueAt()).isEqualTo(T0 + 600);
        assertThat(window.isDue(T0 + 100)).isFalse();
        assertThat(window.isDue(T0 + 599)).isFalse();
        assertThat(window.isDue(T0 + 600)).isTrue();
    }

    @Test
    void givenLastMessageExactlyQuietMillisAgo_offer_isDueAtOnce() {
        blockSentAt(T0);

        assertThat(window.offer(chat(1, T0 + 1_000), T0 + 1_000)).isTrue();
        assertThat(window.isDue(T0 + 1_000)).isTrue();
    }

    @Test
    void givenLastMessageJustUnderQuietMillisAgo_offer_waitsForWindow() {
        blockSentAt(T0);

        assertThat(window.offer(chat(1, T0 + 999), T0 + 999)).isFalse();
        assertThat(window.isDue(T0 + 999)).isFalse();
    }

    @Test
    void givenRoomAtOneMessagePerSecond_eachMessage_goesOutAtOnce_evenAfterAWindowedOne() {
        blockSentAt(T0);
        assertThat(window.offer(chat(1, T0 + 200), T0 + 200)).as("200 ms after a message: windowed").isFalse();
        window.drain(T0 + 700);
        assertThat(window.offer(chat(2, T0 + 1_200), T0 + 1_200))
                .as("1 s after the last message, though only 500 ms after its block: quiet").isTrue();
    }

    @Test
    void givenOpenWindow_offerCritical_makesItDueAtOnce_butNotSoonerThanTheUrgentGapAfterTheLastBlock() {
        blockSentAt(T0);
        window.offer(chat(1, T0 + 100), T0 + 100);

        assertThat(window.offer(critical(2, T0 + 150), T0 + 150)).as("150 ms after the last block").isFalse();
        assertThat(window.dueAt()).isEqualTo(T0 + BlockPolicy.DEFAULT_URGENT_GAP_MILLIS);
        assertThat(window.isDue(T0 + BlockPolicy.DEFAULT_URGENT_GAP_MILLIS)).isTrue();
        assertThat(window.offer(critical(3, T0 + 250), T0 + 250)).as("past the gap: at once").isTrue();
    }

    @Test
    void givenDrainedWindow_nextOfferSoonAfter_isNoLongerUrgent() {
        window.offer(critical(1, T0), T0);
        window.drain(T0);

        assertThat(window.offer(chat(2, T0 + 10), T0 + 10)).isFalse();
        assertThat(window.isDue(T0 + 10)).isFalse();
    }

    @Test
    void givenEmptyWindow_drain_throws() {
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.isDue(T0 + 1_000_000)).isFalse();

        assertThatThrownBy(() -> window.drain(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenUnstoredMessage_offer_throwsAndKeepsWindowEmpty() {
        assertThatThrownBy(() -> window.offer(unstoredChat(T0), T0)).isInstanceOf(IllegalArgumentException.class);

        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void givenSeveralMessages_drain_mergesThemIntoOneStampedBlock() {
        blockSentAt(T0);
        List<Message> offered = List.of(chat(1, T0 + 10), giftWorth(50, 2, T0 + 20), chat(3, T0 + 30));
        for (Message m : offered) {
            window.offer(m, m.createdAt());
        }
        long sentAt = T0 + 510;

        Block block = window.drain(sentAt).block();

        assertThat(block.header()).isEqualTo(new BlockHeader(ROOM, Cursor.ORIGIN.advance(offered.get(2)), sentAt));
        assertThat(block.entries()).extracting(Message::id).containsExactly(offered.get(0).id(), offered.get(1).id(),
                offered.get(2).id());
        assertThat(block.entries()).allMatch(m -> m.sentAt() == sentAt);
        assertThat(block.entries()).extracting(Message::createdAt).containsExactly(T0 + 10, T0 + 20, T0 + 30);
        assertThat(block.entries().get(1)).isEqualTo(offered.get(1).sentAt(sentAt));
        assertThat(block.skipped()).isEqualTo(SkipCounts.NONE);
        assertThat(block.isEmpty()).isFalse();
        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void givenMoreThanRenderBudget_drain_keepsHighestLevelsAndCountsBudget() {
        blockSentAt(T0);
        List<Message> offered = new ArrayList<>();
        for (int seq = 1; seq <= 15; seq++) {
            offered.add(chat(seq, T0 + seq));
        }
        Message rocket = giftWorth(5_000, 16, T0 + 16);
        Message rose = giftWorth(100, 17, T0 + 17);
        offered.add(rocket);
        offered.add(rose);
        offered.forEach(m -> window.offer(m, m.createdAt()));

        Block block = window.drain(T0 + 600).block();

        assertThat(block.entries()).hasSize(10);
        assertThat(block.entries()).extracting(Message::id).contains(rocket.id(), rose.id());
        assertThat(block.entries()).extracting(Message::id)
                .startsWith(offered.get(0).id(), offered.get(1).id())
                .doesNotContain(offered.get(8).id());
        assertThat(block.skipped()).isEqualTo(new SkipCounts(0, 0, 7, 0));
        assertThat(block.header().through()).isEqualTo(Cursor.ORIGIN.advance(rose));
    }

    @Test
    void givenStateVersionsInWindow_drain_collapsesToNewest() {
        blockSentAt(T0);
        Message v1 = state("pk.score", 1, 1, T0 + 10);
        Message chat2 = chat(2, T0 + 20);
        Message v2 = state("pk.score", 2, 3, T0 + 30);
        Message v3 = state("pk.score", 3, 4, T0 + 40);
        List.of(v1, chat2, v2, v3).forEach(m -> window.offer(m, m.createdAt()));

        Block block = window.drain(T0 + 600).block();

        assertThat(block.entries()).extracting(Message::id).containsExactly(chat2.id(), v3.id());
        assertThat(block.skipped()).isEqualTo(new SkipCounts(0, 0, 0, 2));
    }

    @Test
    void givenStaleLastMessage_drain_dropsItForAgeButThroughStillCoversIt() {
        blockSentAt(T0);
        Message fresh = chat(1, T0 + 100);
        Message late = chat(2, T0 + 100);
        window.offer(fresh, T0 + 100);
        window.offer(late, T0 + 100);

        Block block = window.drain(T0 + 10_101).block();

        assertThat(block.entries()).isEmpty();
        assertThat(block.skipped()).isEqualTo(new SkipCounts(0, 2, 0, 0));
        assertThat(block.isEmpty()).isFalse();
        assertThat(block.header().through()).isEqualTo(Cursor.ORIGIN.advance(late));
    }

    @Test
    void givenMoreCriticalsThanOneBlockCarries_drain_keepsTheRestDueForTheNextBlock() {
        // 4 per second over 500 ms: two entries per block.
        BlockWindow small = new BlockWindow(ROOM, new BlockPolicy(500, 1_000, 4), PICK);
        List<Message> criticals = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            criticals.add(critical(seq, T0));
        }
        criticals.forEach(m -> small.offer(m, T0));
        small.offer(chat(6, T0), T0);

        Block first = small.drain(T0).block();
        assertThat(first.entries()).extracting(Message::id).containsExactly(criticals.get(0).id(), criticals.get(1).id());
        assertThat(first.header().through()).isEqualTo(Cursor.ORIGIN.advance(criticals.get(1)));
        long gap = BlockPolicy.DEFAULT_URGENT_GAP_MILLIS;
        assertThat(small.isDue(T0 + gap - 1)).as("the rest waits the urgent gap, not the window").isFalse();
        assertThat(small.isDue(T0 + gap)).isTrue();

        Block second = small.drain(T0 + gap).block();
        assertThat(second.entries()).extracting(Message::id).containsExactly(criticals.get(2).id(), criticals.get(3).id());
        assertThat(small.isDue(T0 + 2 * gap)).isTrue();

        Block third = small.drain(T0 + 2 * gap).block();
        assertThat(third.entries()).extracting(Message::id).containsExactly(criticals.get(4).id(), MessageId.of("m6"));
        assertThat(third.header().through().room().seq()).isEqualTo(6);
        assertThat(small.isEmpty()).isTrue();
        assertThat(first.skipped().total() + second.skipped().total() + third.skipped().total()).isZero();
    }

    @Test
    void givenSeveralWindows_drain_entriesPlusSkippedEqualOffered() {
        BlockWindow small = new BlockWindow(ROOM, new BlockPolicy(500, 1_000, 6), PICK);
        int offered = 0;
        int delivered = 0;
        int skipped = 0;
        long seq = 0;
        for (long t = T0; t < T0 + 5_000; t += 100) {
            for (int i = 0; i < 4; i++) {
                small.offer(i == 0 ? state("pk.score", seq, ++seq, t) : chat(++seq, t - 9_950), t);
                offered++;
            }
            while (small.isDue(t)) {
                Block block = small.drain(t).block();
                delivered += block.entries().size();
                skipped += block.skipped().total();
            }
        }
        while (!small.isEmpty()) {
            Block block = small.drain(T0 + 5_000).block();
            delivered += block.entries().size();
            skipped += block.skipped().total();
        }

        assertThat(delivered + skipped).isEqualTo(offered);
        assertThat(skipped).isPositive();
        assertThat(delivered).isPositive();
    }

    @Test
    void givenBroadcastWindow_drain_headerHasNoRoom() {
        BlockWindow broadcasts = new BlockWindow(null, POLICY, PICK);
        broadcasts.offer(critical(1, T0), T0);

        assertThat(broadcasts.drain(T0).block().header().roomId()).isNull();
    }

    @Test
    void givenLengthThatChanges_dueTimeAndEntriesPerBlock_followTheLengthInForce() {
        long[] length = {100};
        BlockWindow adaptive = new BlockWindow(ROOM, POLICY, PICK, () -> length[0]);
        adaptive.offer(chat(0, T0), T0);
        adaptive.drain(T0);
        for (int i = 1; i <= 30; i++) {
            adaptive.offer(chat(i, T0 + 10), T0 + 10);
        }
        assertThat(adaptive.dueAt()).as("a 100 ms window").isEqualTo(T0 + 110);

        length[0] = 1_000;
        assertThat(adaptive.dueAt()).as("the window grew while open").isEqualTo(T0 + 1_010);
        Block block = adaptive.drain(T0 + 1_010).block();
        assertThat(block.entries()).as("20/s over 1 s").hasSize(20);

        length[0] = 100;
        for (int i = 31; i <= 40; i++) {
            adaptive.offer(chat(i, T0 + 1_020), T0 + 1_020);
        }
        assertThat(adaptive.drain(T0 + 1_120).block().entries()).as("20/s over 100 ms").hasSize(2);
    }

    @Test
    void givenLongWindow_criticalMessage_waitsAQuarterWindowAfterLastBlock() {
        BlockWindow adaptive = new BlockWindow(ROOM, POLICY, PICK, WindowLength.fixed(2_000));
        adaptive.offer(chat(0, T0), T0);
        adaptive.drain(T0);

        adaptive.offer(critical(1, T0 + 10), T0 + 10);

        assertThat(adaptive.dueAt()).as("a quarter of 2 s, not the 200 ms gap").isEqualTo(T0 + 500);
    }

    @Test
    void givenLengthWithACut_drain_keepsTheMostImportantWithinTheCut_andCriticalOnesGoNext() {
        WindowLength cut = new WindowLength() {
            @Override
            public long millis() {
                return 1_000;
            }

            @Override
            public int maxEntries() {
                return 2;
            }
        };
        BlockWindow adaptive = new BlockWindow(ROOM, new BlockPolicy(1_000, 1_000, 0), PICK, cut);
        adaptive.offer(chat(0, T0), T0);
        adaptive.drain(T0);
        for (int i = 1; i <= 5; i++) {
            adaptive.offer(chat(i, T0 + 10), T0 + 10);
        }
        adaptive.offer(critical(6, T0 + 10), T0 + 10);
        adaptive.offer(critical(7, T0 + 10), T0 + 10);
        adaptive.offer(critical(8, T0 + 10), T0 + 10);

        Block block = adaptive.drain(T0 + 1_010).block();

        assertThat(block.entries()).extracting(Message::priority).containsOnly(io.roomcast.domain.message.Priority.CRITICAL);
        assertThat(block.entries()).hasSize(2);
        assertThat(block.skipped().total()).isEqualTo(5);
        assertThat(adaptive.isDue(T0 + 1_259)).isFalse();
        assertThat(adaptive.isDue(T0 + 1_260)).as("the CRITICAL message past the cut goes a quarter window later").isTrue();
        assertThat(adaptive.drain(T0 + 1_260).block().entries()).extracting(Message::priority)
                .containsExactly(io.roomcast.domain.message.Priority.CRITICAL);
    }
}
