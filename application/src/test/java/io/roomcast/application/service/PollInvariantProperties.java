package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.time.Duration;
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
import net.jqwik.api.constraints.IntRange;

/**
 * The delivery invariant, for any mix of messages, timestamps and poll limits: a viewer that
 * polls with the cursor it was given never sees a message twice, sees every CRITICAL message, and
 * delivered + skipped = published; and gain repair: it ends up knowing every state key at its
 * newest version (as a message or in an answer's {@code states}) unless that version went stale.
 */
class PollInvariantProperties {
    private static final RoomId ROOM = RoomId.of("hot");
    private static final UserId VIEWER = UserId.of("viewer");

    /** One step of the story: publish a message after {@code advanceMillis}, or poll. */
    record Step(boolean poll, int limit, long advanceMillis, Category category, Priority priority,
                Scope scope, String stateKey) {
    }

    @Provide
    Arbitrary<List<Step>> stories() {
        Arbitrary<Step> publish = Combinators.combine(
                Arbitraries.longs().between(0, 4_000).injectDuplicates(0.5).map(ms -> ms < 2_000 ? 0 : ms - 2_000),
                Arbitraries.of(Category.class),
                Arbitraries.of(Priority.class),
                Arbitraries.of(Scope.ROOM, Scope.ROOM, Scope.ROOM, Scope.UNICAST, Scope.BROADCAST),
                Arbitraries.of("", "", "", "pk.score", "online"))
                .as((advance, category, priority, scope, state) -> new Step(false, 0, advance, category, priority, scope, state));
        Arbitrary<Step> poll = Arbitraries.integers().between(1, 20)
                .map(limit -> new Step(true, limit, 0, null, null, null, null));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, publish),
                net.jqwik.api.Tuple.of(1, poll)).list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 300)
    void pollingWithReturnedCursors_neverRepeats_seesEveryCritical_andAccountsForEveryMessage(
            @ForAll("stories") List<Step> story, @ForAll @IntRange(min = 1, max = 20) int drainLimit) {
        ManualClock clock = new ManualClock();
        InMemoryMessageStore store = new InMemoryMessageStore(Retention.uniform(1_000_000, Duration.ofDays(1)), clock);
        FakeRoomDirectory directory = new FakeRoomDirectory();
        DeliveryRules rules = DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(1_000_000));
        PublishMessageService publisher = new PublishMessageService(store, Fanout.none(), clock, rules);
        PollRoomService poller = new PollRoomService(store, directory, clock, rules);

        Set<MessageId> published = new HashSet<>();
        Set<MessageId> criticals = new HashSet<>();
        Set<MessageId> delivered = new HashSet<>();
        long[] skipped = {0};
        String[] cursor = {"0"};
        long version = 0;
        Map<String, Long> held = new HashMap<>();
        Map<String, long[]> newest = new HashMap<>();

        for (Step step : story) {
            if (step.poll()) {
                poll(poller, cursor, step.limit(), delivered, skipped, held);
                continue;
            }
            clock.advance(step.advanceMillis());
            boolean state = !step.stateKey().isEmpty() && step.scope() == Scope.ROOM;
            PublishCommand command = new PublishCommand(step.scope(),
                    step.scope() == Scope.ROOM ? ROOM : null,
                    step.scope() == Scope.UNICAST ? VIEWER : null,
                    step.category(), step.priority(), 0, null, Payload.json("{}"),
                    state ? StateKey.of(step.stateKey()) : null, state ? ++version : 0, null);
            PublishResult result = publisher.publish(command);
            assertThat(result.isAccepted()).isTrue();
            published.add(result.id());
            if (result.priority() == Priority.CRITICAL) {
                criticals.add(result.id());
            }
            if (state) {
                // version, accepted at, max age of its category (CRITICAL: never stale)
                newest.put(step.stateKey(), new long[] {version, clock.millis(), result.priority() == Priority.CRITICAL
                        ? Long.MAX_VALUE : rules.staleness().maxAgeMillis(step.category())});
            }
        }
        for (int guard = 0; guard < 10_000; guard++) {
            if (!poll(poller, cursor, drainLimit, delivered, skipped, held)) {
                break;
            }
        }
        assertThat(delivered).containsAll(criticals);
        assertThat(published).containsAll(delivered);
        assertThat(delivered.size() + skipped[0]).isEqualTo(published.size());
        // Gain repair: every state key is known at its newest version, unless that version went stale.
        newest.forEach((key, v) -> {
            if (clock.millis() - v[1] <= v[2]) {
                assertThat(held.getOrDefault(key, -1L)).as("state %s repaired to version %d", key, v[0])
                        .isGreaterThanOrEqualTo(v[0]);
            }
        });
    }

    /** Polls once, checking no message comes twice; returns whether more is waiting. */
    private static boolean poll(PollRoomService poller, String[] cursor, int limit, Set<MessageId> delivered,
                                long[] skipped, Map<String, Long> held) {
        PollResult result = poller.poll(new PollQuery(ROOM, VIEWER, cursor[0], limit, null));
        for (var m : result.messages()) {
            if (m.isState()) {
                held.merge(m.stateKey().value(), m.version(), Math::max);
            }
        }
        for (var m : result.states()) {
            held.merge(m.stateKey().value(), m.version(), Math::max);
        }
        assertThat(result.reset()).isFalse();
        for (var m : result.messages()) {
            assertThat(delivered.add(m.id())).as("delivered twice: %s", m.id()).isTrue();
        }
        assertThat(result.messages().size()).isLessThanOrEqualTo(limit);
        skipped[0] += result.skipped().total();
        cursor[0] = result.cursor().encode();
        return result.more();
    }
}
