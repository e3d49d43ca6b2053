package io.roomcast.domain.block;

import static io.roomcast.domain.TestMessages.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.TestMessages;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.Staleness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A room publishing at random times, its window drained whenever due: every message is accounted for once. */
class BlockWindowProperties {
    private static final long T0 = 1_764_288_000_000L;

    /** One publish: after {@code advanceMillis}, a message of {@code level} created {@code ageMillis} ago. */
    record Publish(long advanceMillis, Priority level, Category category, long ageMillis, int stateKey, long version) {
    }

    @Provide
    Arbitrary<List<Publish>> publishes() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 700),
                        Arbitraries.of(Priority.class),
                        Arbitraries.of(Category.class),
                        Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 40_000)),
                        Arbitraries.integers().between(-3, 2).map(i -> Math.max(0, i)),
                        Arbitraries.longs().between(0, 3))
                .as(Publish::new)
                .list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<BlockPolicy> policies() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 1_000),
                        Arbitraries.longs().between(0, 2_000),
                        Arbitraries.integers().between(0, 30))
                .as(BlockPolicy::new);
    }

    @Property(tries = 500)
    void drainWhenDue_accountsForEveryOfferedMessageExactlyOnce(@ForAll("publishes") List<Publish> publishes,
            @ForAll("policies") BlockPolicy policy) {
        BlockWindow window = new BlockWindow(ROOM, policy, new PriorityPick(Staleness.defaults()));
        List<Message> offered = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        long now = T0;
        long seq = 0;
        long lastMillis = 0;
        for (Publish p : publishes) {
            now += p.advanceMillis();
            String key = p.stateKey() == 0 ? null : "key" + p.stateKey();
            Message m = TestMessages.stored(ROOM, p.category(), p.level(), 0, key, key == null ? 0 : p.version(), ++seq,
                    now - p.ageMillis());
            // A store never lets a family's millis go back: a message created earlier is stamped later.
            m = m.storedAt(new Position(Math.max(lastMillis, m.createdAt()), seq));
            lastMillis = m.position().millis();
            boolean due = window.offer(m, now);
            offered.add(m);
            assertThat(window.isDue(now)).isEqualTo(due || now >= window.dueAt());
            while (window.isDue(now)) {
                blocks.add(window.drain(now).block());
            }
        }
        now += 1_000;
        while (!window.isEmpty()) {
            blocks.add(window.drain(now).block());
        }

        Set<MessageId> delivered = new HashSet<>();
        int skipped = 0;
        Cursor previousThrough = Cursor.ORIGIN;
        for (Block block : blocks) {
            assertThat(block.entries()).hasSizeLessThanOrEqualTo(policy.entriesPerBlock());
            assertThat(previousThrough.covers(block.header().through())).isFalse();
            assertThat(block.header().through().covers(previousThrough)).isTrue();
            for (Message entry : block.entries()) {
                assertThat(delivered.add(entry.id())).as("%s delivered twice", entry.id()).isTrue();
                assertThat(entry.sentAt()).isEqualTo(block.header().sentAt());
                assertThat(previousThrough.covers(entry)).isFalse();
                assertThat(block.header().through().covers(entry)).isTrue();
            }
            skipped += block.skipped().total();
            previousThrough = block.header().through();
        }
        assertThat(delivered.size() + skipped).isEqualTo(offered.size());
        assertThat(offered.stream().filter(m -> m.priority() == Priority.CRITICAL).map(Message::id))
                .allMatch(delivered::contains);
        if (!offered.isEmpty()) {
            assertThat(previousThrough).isEqualTo(Cursor.ORIGIN.advance(offered.get(offered.size() - 1)));
        }
    }
}
