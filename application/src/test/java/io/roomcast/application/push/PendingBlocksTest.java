package io.roomcast.application.push;

import io.roomcast.testing.Cursors;
import static io.roomcast.application.push.PushFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.testing.TestMessages;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.block.PendingBlocks;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingBlocksTest {
    private static final long T0 = 1_764_288_000_000L;
    private static final RoomId ROOM = RoomId.of("r1");
    private long seq;

    private Outgoing block(Priority... levels) {
        List<Message> entries = new ArrayList<>();
        for (Priority p : levels) {
            entries.add(stored(TestMessages.inRoom(ROOM, io.roomcast.domain.message.Category.GIFT, p, T0), ++seq));
        }
        Block b = new Block(new BlockHeader(ROOM, Cursors.after(entries), T0), entries,
                new SkipCounts(0, 1, 0, 0));
        return Outgoing.of(b);
    }

    private static PendingBlocks pending(int max, int mergedEntries) {
        return new PendingBlocks(max, mergedEntries, DeliveryRules.defaults().pick());
    }

    @Test
    void givenFewerThanTheBound_add_keepsEachBlockAsItIs() {
        PendingBlocks pending = pending(3, 2);
        Outgoing a = block(Priority.LOW);
        Outgoing b = block(Priority.HIGH);
        pending.add(a, T0);
        pending.add(b, T0);
        assertThat(pending.size()).isEqualTo(2);
        assertThat(pending.poll()).isSameAs(a);
        pending.clear();
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void givenMoreThanTheBound_add_mergesByPriority_countingWhatItDropped() {
        PendingBlocks pending = pending(2, 2);
        pending.add(block(Priority.LOWEST, Priority.HIGH), T0);
        pending.add(block(Priority.LOW), T0);
        pending.add(block(Priority.NORMAL, Priority.CRITICAL), T0);

        assertThat(pending.size()).isEqualTo(1);
        Outgoing merged = pending.poll();
        assertThat(merged.block().entries()).extracting(Message::priority).containsExactly(Priority.HIGH, Priority.CRITICAL);
        assertThat(merged.block().skipped()).isEqualTo(new SkipCounts(0, 3, 3, 0));
        assertThat(merged.block().header().through().room().seq()).isEqualTo(5);
    }

    @Test
    void givenOneLevelOverTheMergedBound_merge_keepsTheNewest_soABehindViewerIsShownWhatIsLive() {
        PendingBlocks pending = pending(1, 2);
        pending.add(block(Priority.NORMAL, Priority.NORMAL), T0);
        pending.add(block(Priority.NORMAL, Priority.NORMAL), T0);

        Outgoing merged = pending.poll();
        assertThat(merged.block().entries()).extracting(m -> m.position().seq()).containsExactly(3L, 4L);
        assertThat(merged.block().skipped()).as("the two oldest as budget, each block's own count kept")
                .isEqualTo(new SkipCounts(0, 2, 2, 0));
    }

    @Test
    void givenMoreCriticalsThanAMergedBlockTakes_merge_keepsEveryCritical() {
        PendingBlocks pending = pending(1, 1);
        pending.add(block(Priority.CRITICAL, Priority.LOW), T0);
        pending.add(block(Priority.CRITICAL, Priority.CRITICAL), T0);

        List<Message> delivered = new ArrayList<>();
        SkipCounts skipped = SkipCounts.NONE;
        Outgoing b;
        while ((b = pending.poll()) != null) {
            delivered.addAll(b.block().entries());
            skipped = skipped.plus(b.block().skipped());
        }
        assertThat(delivered).extracting(Message::priority).containsOnly(Priority.CRITICAL).hasSize(3);
        assertThat(delivered.size() + skipped.total() - 2).as("delivered + skipped = published (2 pre-counted age skips)")
                .isEqualTo(4);
    }

    @Test
    void givenACriticalBacklogOfManyBlocks_everyMerge_keepsEachCritical_inOrder_andLosesNothing() {
        // A held viewer's merges keep every CRITICAL entry (never dropped), 2 a block here, so the
        // backlog spans many blocks, each standing right before the first entry it did not take.
        PendingBlocks pending = pending(2, 2);
        Priority[] criticals = new Priority[20];
        java.util.Arrays.fill(criticals, Priority.CRITICAL);
        pending.add(block(criticals), T0);
        pending.add(block(Priority.LOW), T0);
        assertThat(pending.add(block(Priority.LOW), T0)).as("past the bound of 2").isTrue();
        assertThat(pending.size()).isEqualTo(11);
        for (int i = 1; i <= 30; i++) {
            pending.add(block(Priority.LOW, Priority.CRITICAL), T0 + i);
        }

        List<Message> delivered = new ArrayList<>();
        SkipCounts skipped = SkipCounts.NONE;
        Outgoing b;
        Long last = null;
        while ((b = pending.poll()) != null) {
            delivered.addAll(b.block().entries());
            skipped = skipped.plus(b.block().skipped());
            long through = b.block().header().through().room().seq();
            assertThat(last == null || through >= last).as("cursors never go back").isTrue();
            assertThat(b.block().entries()).allMatch(m -> m.position().seq() <= through);
            last = through;
        }
        assertThat(delivered).filteredOn(m -> m.priority() == Priority.CRITICAL).hasSize(50);
        assertThat(delivered).extracting(m -> m.position().seq()).isSorted();
        assertThat(last).isEqualTo(seq);
        // every block carries one pre-counted age skip (the fixture's)
        assertThat(delivered.size() + skipped.total() - 33).as("delivered + skipped = published").isEqualTo(seq);
    }

    @Test
    void givenTheOldestBlockWaitedTooLong_add_mergesEvenUnderTheBound() {
        PendingBlocks pending = new PendingBlocks(16, 1_000, 2, DeliveryRules.defaults().pick());
        pending.add(block(Priority.LOW), T0);                     // drained at T0
        assertThat(pending.add(block(Priority.HIGH), T0 + 999)).as("not yet").isFalse();
        assertThat(pending.add(block(Priority.NORMAL), T0 + 1_000)).as("the oldest waited 1 s").isTrue();
        assertThat(pending.size()).isEqualTo(1);
        Outgoing merged = pending.poll();
        assertThat(merged.block().entries()).extracting(Message::priority).containsExactly(Priority.HIGH, Priority.NORMAL);
        assertThat(merged.block().skipped().budget()).isEqualTo(1);
    }

    @Test
    void givenBigSharedBlocks_merge_picksFromEachBlocksOwnTop_sharedByEveryViewer_andStaysExact() {
        List<Message> big = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Priority p = i == 7 ? Priority.CRITICAL : i % 10 == 3 ? Priority.HIGH : Priority.LOW;
            big.add(stored(TestMessages.inRoom(ROOM, io.roomcast.domain.message.Category.GIFT, p, T0), ++seq));
        }
        Outgoing shared = Outgoing.shared(new Block(new BlockHeader(ROOM, Cursors.after(big), T0), big,
                SkipCounts.NONE), List.of());
        PendingBlocks ann = pending(1, 4);
        PendingBlocks bob = pending(1, 4);
        for (PendingBlocks viewer : List.of(ann, bob)) {
            viewer.add(block(Priority.LOWEST), T0);
            viewer.add(shared, T0);
        }
        for (PendingBlocks viewer : List.of(ann, bob)) {
            Outgoing merged = viewer.poll();
            assertThat(merged.block().entries()).extracting(Message::priority)
                    .containsExactly(Priority.HIGH, Priority.CRITICAL, Priority.HIGH, Priority.HIGH);
            assertThat(merged.block().entries().size() + merged.block().skipped().total() - 1)
                    .as("delivered + skipped = the 31 held (1 age skip came pre-counted)").isEqualTo(31);
        }
    }
}
