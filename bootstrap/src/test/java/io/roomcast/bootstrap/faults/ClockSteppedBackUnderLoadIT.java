package io.roomcast.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node's wall clock steps back two hours while three business servers publish to a room and
 * three long-connection viewers (TLS, the Java client) watch it, on Chronicle and on Redis. The
 * node's clock is the system's plus an offset this test moves (bound in place of the node's
 * {@link Clock}, the one clock every part of the node reads). Positions never go back: every
 * stored message's position is above the one before, its milliseconds held at the newest before
 * the step; a cursor taken before the step reads everything published after it; every
 * acknowledged publish is stored once; each viewer has delivered + skipped = stored, nothing twice.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClockSteppedBackUnderLoadIT {
    private static final String KEY = "clock-key-0123456789abcdef";
    private static final String SECRET = "clock-secret-0123456789abcdef-0123456789";
    private static final long TWO_HOURS = TimeUnit.HOURS.toMillis(2);

    @TempDir
    Path dir;

    /** The system clock moved by hand. */
    private static final class SteppedClock implements Clock {
        final AtomicLong offset = new AtomicLong();

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chronicle", "redis"})
    void givenTheClockSteppedBackTwoHoursUnderLoad_positionsNeverGoBack_andNothingIsLost(String store) throws Exception {
        try (RedisServerProcess redis = store.equals("redis") ? RedisServerProcess.start() : null) {
            List<String> args = new ArrayList<>(List.of("--store=" + store, "--data.dir=" + dir,
                    "--http.host=127.0.0.1", "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=0",
                    "--api.keys=" + KEY, "--token.secret=" + SECRET,
                    "--room.budget=10000000", "--render.budget=0", "--age.gift.ms=3600000", "--retention.count=10000000"));
            if (redis != null) {
                args.add("--redis.url=" + redis.url());
            }
            SteppedClock clock = new SteppedClock();
            Roomcast node = Roomcast.start(Settings.load(args.toArray(String[]::new), Map.of()),
                    binder -> binder.bind(Clock.class).toInstance(clock));
            ExecutorService load = Executors.newFixedThreadPool(3);
            AtomicBoolean running = new AtomicBoolean(true);
            try (PushViewers viewers = PushViewers.start(node.tcpPort(), SECRET, "r1", 3)) {
                RoomPublishers publishers = new RoomPublishers("http://127.0.0.1:" + node.httpPort(), KEY, "r1", 100);
                publishers.start(load, running, 3);
                await("load flowing").atMost(Duration.ofSeconds(30)).until(() -> publishers.acknowledged.size() >= 100);
                MessageStore messages = node.instance(MessageStore.class);
                long newestBefore = readAll(messages, Cursor.ORIGIN).stream()
                        .mapToLong(m -> m.position().millis()).max().orElseThrow();
                Cursor atStep = messages.readLatest(Feed.guest(RoomId.of("r1")), 1).through();

                clock.offset.set(-TWO_HOURS);
                int acknowledgedAtStep = publishers.acknowledged.size();
                await("publishes go on after the step").atMost(Duration.ofSeconds(60))
                        .until(() -> publishers.acknowledged.size() >= acknowledgedAtStep + 300);
                running.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

                List<Message> stored = readAll(messages, Cursor.ORIGIN);
                for (int i = 1; i < stored.size(); i++) {
                    Position before = stored.get(i - 1).position();
                    Position after = stored.get(i).position();
                    assertThat(after.seq()).as("seq after %s", before).isGreaterThan(before.seq());
                    assertThat(after.millis()).as("millis after %s", before).isGreaterThanOrEqualTo(before.millis());
                }
                List<Message> sinceStep = readAll(messages, atStep);
                assertThat(sinceStep).as("published after the step").hasSizeGreaterThanOrEqualTo(300)
                        .allSatisfy(m -> assertThat(m.position().millis()).isGreaterThanOrEqualTo(newestBefore));
                assertThat(stored.subList(stored.size() - sinceStep.size(), stored.size()))
                        .as("a cursor from before the step misses nothing").isEqualTo(sinceStep);
                List<String> ids = stored.stream().map(m -> m.id().value()).toList();
                assertThat(new HashSet<>(ids)).as("nothing stored twice").hasSameSizeAs(ids)
                        .as("every acknowledged publish is stored").isEqualTo(publishers.acknowledged);
                assertThat(publishers.statuses.keySet()).as("every publish accepted").containsOnly(202);
                viewers.assertEveryViewerAccountsFor(ids);
                System.out.printf("ClockSteppedBackUnderLoadIT[%s]: stored %d, %d after the step; %s%n", store,
                        stored.size(), sinceStep.size(), viewers.summary());
            } finally {
                running.set(false);
                load.shutdownNow();
                node.close();
            }
        }
    }

    /** Every message of room r1 after {@code from}, paging. */
    private static List<Message> readAll(MessageStore store, Cursor from) {
        List<Message> all = new ArrayList<>();
        Cursor cursor = from;
        while (true) {
            ReadResult read = store.readSince(Feed.guest(RoomId.of("r1")), cursor, 500);
            all.addAll(read.messages());
            cursor = read.through();
            if (!read.more()) {
                return all;
            }
        }
    }
}
