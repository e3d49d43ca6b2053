package io.roomcast.domain.policy;

import static io.roomcast.domain.TestMessages.OTHER_ROOM;
import static io.roomcast.domain.TestMessages.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.TestMessages;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.PriorityPick.Selection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * What holds for every window, every limit and both overflow reasons. With {@code c} the number of
 * CRITICAL messages in the window: when {@code c < limit} the whole window is consumed; otherwise
 * the window is cut just after the limit-th CRITICAL and exactly those {@code limit} CRITICALs are
 * chosen. Either way {@code chosen.size() <= limit} holds without exception.
 */
class PriorityPickProperties {
    private static final long NOW = 1_764_288_060_000L;
    private static final Staleness STALENESS = Staleness.defaults();
    private static final PriorityPick PICK = new PriorityPick(STALENESS);

    /** One generated message: stateKey index 0 means "not a state message". */
    record Spec(Priority priority, Category category, long ageMillis, int stateKey, long version, boolean otherRoom) {
    }

    @Provide
    Arbitrary<List<Message>> windows() {
        Arbitrary<Long> age = Arbitraries.frequencyOf(List.of(
                Tuple.of(4, Arbitraries.longs().between(0, 9_000)),
                Tuple.of(2, Arbitraries.of(10_000L, 10_001L, 15_000L, 15_001L, 30_000L, 30_001L)),
                Tuple.of(1, Arbitraries.longs().between(0, 120_000))));
        Arbitrary<Spec> spec = Combinators.combine(
                        Arbitraries.of(Priority.class),
                        Arbitraries.of(Category.class),
                        age,
                        Arbitraries.integers().between(-2, 3).map(i -> Math.max(0, i)),
                        Arbitraries.longs().between(0, 3),
                        Arbitraries.integers().between(0, 4).map(i -> i == 0))
                .as(Spec::new);
        return spec.list().ofMaxSize(40).map(PriorityPickProperties::toWindow);
    }

    private static List<Message> toWindow(List<Spec> specs) {
        List<Message> window = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            String key = s.stateKey() == 0 ? null : "key" + s.stateKey();
            long version = key == null ? 0 : s.version();
            window.add(TestMessages.stored(s.otherRoom() ? OTHER_ROOM : ROOM, s.category(), s.priority(), 0, key,
                    version, i + 1, NOW - s.ageMillis()));
        }
        return window;
    }

    @Provide
    Arbitrary<DropReason> overflowReasons() {
        return Arbitraries.of(DropReason.PRIORITY, DropReason.BUDGET);
    }

    @Property(tries = 1_000)
    void chosenPlusSkipped_equalsConsumed(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit, @ForAll("overflowReasons") DropReason overflow) {
        Selection selection = PICK.pick(window, limit, NOW, overflow);

        assertThat(selection.chosen().size() + selection.skipped().total()).isEqualTo(selection.consumed());
        assertThat(selection.consumed()).isBetween(window.isEmpty() ? 0 : 1, window.size());
    }

    @Property(tries = 1_000)
    void chosen_isDuplicateFreeAndInPositionOrder(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit) {
        Selection selection = PICK.pick(window, limit, NOW, DropReason.PRIORITY);

        List<Message> consumed = window.subList(0, selection.consumed());
        assertThat(selection.chosen()).doesNotHaveDuplicates().isSubsetOf(consumed);
        for (int i = 1; i < selection.chosen().size(); i++) {
            assertThat(selection.chosen().get(i).position().isAfter(selection.chosen().get(i - 1).position())).isTrue();
        }
    }

    @Property(tries = 1_000)
    void everyCriticalWithinConsumed_isChosen(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit) {
        Selection selection = PICK.pick(window, limit, NOW, DropReason.PRIORITY);

        List<Message> criticals = window.subList(0, selection.consumed()).stream()
                .filter(m -> m.priority() == Priority.CRITICAL).toList();
        assertThat(selection.chosen()).containsAll(criticals);
    }

    @Property(tries = 1_000)
    void chosen_neverExceedsLimit_andWindowIsCutOnlyAfterLimitthCritical(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit) {
        Selection selection = PICK.pick(window, limit, NOW, DropReason.PRIORITY);

        assertThat(selection.chosen()).hasSizeLessThanOrEqualTo(limit);
        int limitthCritical = -1;
        int criticals = 0;
        for (int i = 0; i < window.size() && limitthCritical < 0; i++) {
            if (window.get(i).priority() == Priority.CRITICAL && ++criticals == limit) {
                limitthCritical = i;
            }
        }
        boolean cut = limitthCritical >= 0;
        Statistics.label("cut at the limit-th CRITICAL").collect(cut);
        Statistics.label("cut at the limit-th CRITICAL").coverage(c -> c.check(true).count(n -> n > 0));
        if (cut) {
            assertThat(selection.consumed()).isEqualTo(limitthCritical + 1);
            assertThat(selection.chosen()).hasSize(limit).allMatch(m -> m.priority() == Priority.CRITICAL);
        } else {
            assertThat(selection.consumed()).isEqualTo(window.size());
        }
    }

    /**
     * The drop rules, restated: stale messages are counted as AGE; of each state slot's fresh
     * non-CRITICAL messages only the newest version (the later on a tie) is eligible, the others
     * are SUPERSEDED; of the eligible, the top {@code limit} by (level desc, position asc) are
     * chosen and the rest counted for the overflow reason.
     */
    @Property(tries = 1_000)
    void selection_followsAgeSupersededAndPriorityRules(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit, @ForAll("overflowReasons") DropReason overflow) {
        Selection selection = PICK.pick(window, limit, NOW, overflow);
        List<Message> consumed = window.subList(0, selection.consumed());

        int stale = 0;
        int freshStates = 0;
        Map<List<Object>, Message> newest = new HashMap<>();
        for (Message m : consumed) {
            if (STALENESS.isStale(m, NOW)) {
                stale++;
            } else if (m.isState() && m.priority() != Priority.CRITICAL) {
                freshStates++;
                newest.merge(List.of(m.roomId(), m.stateKey()), m, (old, later) -> later.version() >= old.version() ? later : old);
            }
        }
        List<Message> eligible = consumed.stream()
                .filter(m -> !STALENESS.isStale(m, NOW))
                .filter(m -> !m.isState() || m.priority() == Priority.CRITICAL
                        || newest.get(List.of(m.roomId(), m.stateKey())) == m)
                .toList();
        SkipCounts skipped = selection.skipped();
        int overflowed = overflow == DropReason.PRIORITY ? skipped.priority() : skipped.budget();
        int otherOverflow = overflow == DropReason.PRIORITY ? skipped.budget() : skipped.priority();

        assertThat(skipped.age()).isEqualTo(stale);
        assertThat(skipped.superseded()).isEqualTo(freshStates - newest.size());
        assertThat(selection.chosen()).isSubsetOf(eligible).hasSize(Math.min(limit, eligible.size()));
        assertThat(overflowed).isEqualTo(eligible.size() - selection.chosen().size());
        assertThat(otherOverflow).isZero();
        for (Message left : eligible) {
            if (selection.chosen().contains(left)) {
                continue;
            }
            for (Message chosen : selection.chosen()) {
                boolean outranks = chosen.priority().isAbove(left.priority())
                        || chosen.priority() == left.priority() && left.position().isAfter(chosen.position());
                assertThat(outranks).as("%s chosen over %s", chosen, left).isTrue();
            }
        }
        Statistics.label("overflow").collect(overflowed > 0);
        Statistics.label("stale").collect(stale > 0);
        Statistics.label("superseded").collect(skipped.superseded() > 0);
        Statistics.label("overflow").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("stale").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("superseded").coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    /** A poll loop: each turn resumes after what the last one consumed. */
    @Property(tries = 500)
    void repeatedPicks_deliverNothingTwiceAndAccountForTheWholeWindow(@ForAll("windows") List<Message> window,
            @ForAll @IntRange(min = 1, max = 20) int limit) {
        Set<MessageId> delivered = new HashSet<>();
        int skipped = 0;
        List<Message> rest = window;
        while (!rest.isEmpty()) {
            Selection selection = PICK.pick(rest, limit, NOW, DropReason.PRIORITY);
            assertThat(selection.consumed()).isPositive();
            for (Message m : selection.chosen()) {
                assertThat(delivered.add(m.id())).as("%s delivered twice", m.id()).isTrue();
            }
            skipped += selection.skipped().total();
            rest = rest.subList(selection.consumed(), rest.size());
        }

        assertThat(delivered.size() + skipped).isEqualTo(window.size());
        assertThat(window.stream().filter(m -> m.priority() == Priority.CRITICAL).map(Message::id))
                .allMatch(delivered::contains);
    }
}
