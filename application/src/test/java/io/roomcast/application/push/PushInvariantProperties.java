package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.out.Feed;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
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

/**
 * The push core's invariants, for any interleaving of publishes (room, unicast, broadcast, state
 * versions), time, slow and fast viewers, disconnects with resumes by cursor, room switches and
 * replays read at any moment. For every stretch a viewer watched a room, from its start cursor to
 * the cursor of the last block it got:
 * <ul>
 *   <li>no message twice, entries in position order;</li>
 *   <li>every {@code CRITICAL} message delivered;</li>
 *   <li>delivered + skipped = published, exactly (and so across resumes, whose stretches join);</li>
 *   <li>gain repair: for each state key, the viewer holds (as an entry or a repair) a version at
 *       least as new as the newest published in the stretch.</li>
 * </ul>
 */
class PushInvariantProperties {
    private static final List<RoomId> ROOMS = List.of(RoomId.of("r1"), RoomId.of("r2"));
    private static final int CLIENTS = 3;

    /** One step of the story; {@code a} and {@code b} pick what it acts on. */
    record Step(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Step>> stories() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void anyStory_keepsTheInvariants(@ForAll("stories") List<Step> story, @ForAll("budgets") int budget,
                                     @ForAll("pendingBounds") int maxPending, @ForAll("pendingWaits") long maxWait) {
        new Story(budget, maxPending, maxWait).play(story);
    }

    @Provide
    Arbitrary<Long> pendingWaits() {
        return Arbitraries.of(200L, 1_000L, 600_000L);
    }

    @Provide
    Arbitrary<Integer> budgets() {
        return Arbitraries.of(0, 4, 20);
    }

    @Provide
    Arbitrary<Integer> pendingBounds() {
        return Arbitraries.of(1, 2, 8);
    }

    /** One stretch of a viewer in a room. */
    private static final class Visit {
        final RoomId room;
        final UserId user;
        Cursor start;
        final List<Block> blocks = new ArrayList<>();

        Visit(RoomId room, UserId user) {
            this.room = room;
            this.user = user;
        }
    }

    private final class Client {
        final UserId user;
        final ManualLoops.Loop loop;
        RoomId room;
        PushViewer viewer;
        RecordingSink sink;
        Visit visit;
        Cursor cursor;
        final List<Visit> visits = new ArrayList<>();

        Client(int i, ManualLoops.Loop loop) {
            this.user = UserId.of("u" + i);
            this.loop = loop;
            this.room = ROOMS.get(i % ROOMS.size());
        }
    }

    private final class Story {
        final PushBackend backend;
        final ManualLoops loops;
        final PushService push;
        final List<Runnable> blocking = new ArrayList<>();
        final List<Client> clients = new ArrayList<>();
        long version;

        Story(int budget, int maxPending, long maxWait) {
            backend = new PushBackend(500, budget);
            loops = new ManualLoops(backend.clock);
            push = backend.push(new PushSettings(maxPending, maxWait, 3, 1_000));
            List<ManualLoops.Loop> all = List.of(loops.newLoop(), loops.newLoop());
            push.start(all, blocking::add);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Client(i, all.get(i % all.size())));
            }
        }

        void play(List<Step> story) {
            for (Step step : story) {
                apply(step);
                loops.runReady();
            }
            finish();
            for (Client c : clients) {
                for (Visit v : c.visits) {
                    check(v);
                }
            }
        }

        private void apply(Step s) {
            Client c = clients.get(s.a() % CLIENTS);
            Priority priority = Priority.values()[s.b() % Priority.values().length];
            String room = ROOMS.get(s.b() % ROOMS.size()).value();
            switch (s.kind()) {
                case 0, 1 -> backend.publish(room, Category.CHAT, priority);
                case 2 -> backend.publish(room, Category.GIFT, priority);
                case 3 -> backend.publishState(room, "pk.score", ++version, priority == Priority.CRITICAL
                        ? Priority.HIGH : priority);
                case 4 -> backend.publishToUser(c.user.value());
                case 5 -> backend.broadcast(priority);
                case 6, 7 -> loops.advance(s.b() * 3L);
                case 8 -> runOneBlocking();
                case 9 -> {
                    if (c.viewer == null) {
                        connect(c);
                    } else {
                        disconnect(c);
                    }
                }
                case 10 -> {
                    if (c.viewer != null) {
                        c.sink.writable = !c.sink.writable;
                        if (c.sink.writable) {
                            c.viewer.writable();
                        }
                    }
                }
                case 11 -> {
                    if (c.viewer != null) {
                        RoomId other = ROOMS.get((ROOMS.indexOf(c.room) + 1) % ROOMS.size());
                        c.room = other;
                        c.cursor = null;
                        enter(c, null);
                    }
                }
                case 14, 15 -> {
                    // A burst: a big window, so held blocks are big and merges pick from their tops.
                    for (int i = 0; i < 7; i++) {
                        Priority p = Priority.values()[(s.b() + i) % Priority.values().length];
                        if (i == 3) {
                            backend.publishState(room, "pk.score", ++version, p == Priority.CRITICAL ? Priority.LOW : p);
                        } else {
                            backend.publish(room, Category.CHAT, p);
                        }
                    }
                }
                default -> connect(c);
            }
        }

        private void connect(Client c) {
            if (c.viewer != null) {
                return;
            }
            c.sink = new RecordingSink(start -> {
                c.visit.start = start;
                if (c.cursor == null) {
                    c.cursor = start;
                }
            }, block -> {
                c.visit.blocks.add(block.block());
                c.cursor = block.through();
            });
            c.viewer = push.open(c.loop, c.sink, "s-" + c.user.value() + "-" + c.visits.size());
            enter(c, c.cursor);
        }

        private void enter(Client c, Cursor from) {
            c.visit = new Visit(c.room, c.user);
            c.visits.add(c.visit);
            c.viewer.enter(c.room, c.user, from);
        }

        private void disconnect(Client c) {
            c.viewer.close();
            c.viewer = null;
            c.visit = null;
        }

        private void runOneBlocking() {
            if (!blocking.isEmpty()) {
                blocking.remove(0).run();
            }
        }

        /** Everything settles: replays read, every viewer writable, every window closed. */
        private void finish() {
            for (int round = 0; round < 5; round++) {
                while (!blocking.isEmpty()) {
                    runOneBlocking();
                    loops.runReady();
                }
                for (Client c : clients) {
                    if (c.viewer != null) {
                        c.sink.writable = true;
                        c.viewer.writable();
                    }
                }
                loops.advance(1_000);
            }
        }

        private void check(Visit v) {
            if (v.start == null) {
                assertThat(v.blocks).as("no block before the start is known").isEmpty();
                return;
            }
            Cursor end = v.start;
            List<Message> delivered = new ArrayList<>();
            int skipped = 0;
            Map<String, Long> held = new HashMap<>();
            for (Block b : v.blocks) {
                delivered.addAll(b.entries());
                skipped += b.skipped().total();
                end = end.atLeast(b.header().through());
                for (Message m : b.entries()) {
                    hold(held, m);
                }
                for (Message m : b.states()) {
                    hold(held, m);
                }
            }
            List<Message> published = new ArrayList<>();
            for (Message m : backend.store.readSince(new Feed(v.room, v.user), v.start, 100_000).messages()) {
                if (end.covers(m)) {
                    published.add(m);
                }
            }
            Set<MessageId> ids = new HashSet<>();
            Cursor previous = v.start;
            for (Message m : delivered) {
                assertThat(ids.add(m.id())).as("delivered twice: %s", m.id()).isTrue();
                assertThat(previous.covers(m)).as("in order per family, after the start: %s", m.id()).isFalse();
                previous = previous.advance(m);
            }
            Set<MessageId> publishedIds = new HashSet<>();
            published.forEach(m -> publishedIds.add(m.id()));
            assertThat(publishedIds).as("only the viewer's feed").containsAll(ids);
            for (Message m : published) {
                if (m.priority() == Priority.CRITICAL) {
                    assertThat(ids).as("CRITICAL delivered").contains(m.id());
                }
            }
            assertThat(delivered.size() + skipped).as("delivered + skipped = published in (%s, %s]", v.start, end)
                    .isEqualTo(published.size());
            Map<String, Long> newest = new HashMap<>();
            for (Message m : published) {
                hold(newest, m);
            }
            newest.forEach((key, version) -> assertThat(held.getOrDefault(key, -1L))
                    .as("state %s repaired to its newest version", key).isGreaterThanOrEqualTo(version));
        }

        private void hold(Map<String, Long> versions, Message m) {
            if (m.isState()) {
                versions.merge(m.stateKey().value(), m.version(), Math::max);
            }
        }
    }
}
