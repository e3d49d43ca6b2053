package io.roomcast.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.testing.RedisServerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis failing while four publishers, four pollers and six long-connection viewers (TLS, the Java
 * client) run against a node with store=redis:
 * frozen (SIGSTOP: connections open, nothing answered, then SIGCONT), paused ({@code CLIENT PAUSE}
 * for 4 s, then it goes on by itself) or killed (SIGKILL, then started again on its append-only
 * file, {@code appendfsync always}). Publishes fail fast with 503 instead of hanging, threads do not
 * pile up, and once Redis is back, publishes are accepted again and every publish that was
 * acknowledged (202, accepted) is in the store, read from the oldest message: nothing acknowledged
 * is lost, nothing stored twice. Pollers follow their cursors throughout: they get 200 or 503, and
 * once Redis is back they read what is published after it. The long-connection viewers stay
 * connected or reconnect with their cursors: once Redis is back they get what is published after
 * it, and at the end each has every stored message delivered or counted as skipped (delivered +
 * skipped = published), nothing twice. (A publish answered 503 may still have been stored: a paused Redis
 * runs it when the pause ends; the store cannot tell, so such a message is neither lost nor doubled.)
 */
class RedisFaultsUnderLoadIT {
    private static final String KEY = "fault-key-0123456789abcdef";
    private static final String SECRET = "fault-secret-0123456789abcdef-0123456789";
    private static final int VIEWERS = 6;

    @TempDir
    Path dataDir;

    /** What happens to Redis, and how it comes back. */
    enum Fault {
        FROZEN {
            @Override
            void start(RedisServerProcess redis) throws IOException {
                redis.pause();
            }

            @Override
            void end(RedisServerProcess redis) throws IOException {
                redis.resume();
            }
        },
        PAUSED {
            @Override
            void start(RedisServerProcess redis) throws IOException {
                redis.clientPause(4_000);
            }

            @Override
            void end(RedisServerProcess redis) {
                // CLIENT PAUSE ends by itself.
            }
        },
        KILLED {
            @Override
            void start(RedisServerProcess redis) {
                redis.kill();
            }

            @Override
            void end(RedisServerProcess redis) throws IOException {
                redis.restart();
            }
        };

        abstract void start(RedisServerProcess redis) throws IOException;

        abstract void end(RedisServerProcess redis) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void givenRedisFailingUnderLoad_publishesFail503Fast_threadsStayBounded_andNothingAcknowledgedIsLost(Fault fault)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService load = Executors.newFixedThreadPool(8);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> pollStatuses = new ConcurrentHashMap<>();
        Set<String> polled = ConcurrentHashMap.newKeySet();
        try (RedisServerProcess redis = RedisServerProcess.startDurable()) {
            Roomcast node = Roomcast.start(Settings.load(new String[] {"--store=redis", "--redis.url=" + redis.url(),
                "--redis.timeout.ms=500", "--data.dir=" + dataDir, "--http.host=127.0.0.1", "--http.port=0",
                "--tcp.host=127.0.0.1", "--tcp.port=0", "--api.keys=" + KEY, "--token.secret=" + SECRET,
                "--poll.limit.address.per.second=0", "--poll.limit.viewer.per.second=0",
                // Everything published is kept and deliverable at the end: no room or render budget, age or count drops.
                "--room.budget=10000000", "--render.budget=0", "--age.gift.ms=3600000", "--retention.count=10000000"}, Map.of()));
            try (PushViewers viewers = PushViewers.start(node.tcpPort(), SECRET, "r1", VIEWERS)) {
                String base = "http://127.0.0.1:" + node.httpPort();
                RoomPublishers publishers = new RoomPublishers(base, KEY, "r1", 0);
                publishers.start(load, running, 4);
                for (int p = 0; p < 4; p++) {
                    load.submit(() -> {
                        String cursor = "";
                        while (running.get()) {
                            HttpResponse<String> r = RoomPublishers.send(http, HttpRequest.newBuilder(
                                    URI.create(base + "/api/v1/rooms/r1/messages?limit=100&cursor=" + cursor)).GET());
                            if (r != null) {
                                pollStatuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                                if (r.statusCode() == 200) {
                                    JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
                                    answer.getAsJsonArray("messages").forEach(m -> polled.add(m.getAsJsonObject().get("id").getAsString()));
                                    cursor = answer.get("cursor").getAsString();
                                }
                            }
                        }
                    });
                }
                await("load flowing").atMost(Duration.ofSeconds(30)).until(() -> publishers.acknowledged.size() >= 50);
                int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

                int refusedBefore = publishers.count(503);
                fault.start(redis);
                int acceptedAtPause = publishers.count(202);
                try {
                    await("publishes refused with 503 while Redis is " + fault).atMost(Duration.ofSeconds(30))
                            .until(() -> publishers.count(503) >= refusedBefore + 4);
                    assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("no thread pile-up")
                            .isLessThan(threadsBefore + 20);
                } finally {
                    fault.end(redis);
                }
                await("publishes accepted again").atMost(Duration.ofSeconds(60))
                        .until(() -> publishers.count(202) > acceptedAtPause + 50);
                // Polls read again, following their cursors through the fault: a publish acknowledged now is polled.
                Set<String> afterRecovery = new HashSet<>(publishers.acknowledged);
                int polledAtRecovery = pollStatuses.get(200).get();
                await("polls read what is published after the fault").atMost(Duration.ofSeconds(60))
                        .until(() -> publishers.acknowledged.stream().anyMatch(id -> !afterRecovery.contains(id) && polled.contains(id))
                                && pollStatuses.get(200).get() > polledAtRecovery + 20);
                await("long-connection viewers get what is published after the fault").atMost(Duration.ofSeconds(60))
                        .until(() -> viewers.everyViewerGotOneOf(publishers.acknowledged.stream().filter(id -> !afterRecovery.contains(id)).toList()));
                running.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

                List<String> read = RoomPublishers.readAll(node.instance(MessageStore.class), "r1");
                assertThat(new HashSet<>(read)).as("nothing read twice").hasSameSizeAs(read);
                assertThat(read).as("every acknowledged publish is stored").containsAll(publishers.acknowledged);
                assertThat(publishers.statuses.keySet()).as("no answer other than 202 and 503").containsOnly(202, 503);
                assertThat(publishers.refusalCodes).as("refusals say why").containsOnly("STORE_UNAVAILABLE");
                assertThat(pollStatuses.keySet()).as("polls: no answer other than 200 and 503").containsOnly(200, 503);
                assertThat(read).as("nothing polled that is not stored").containsAll(polled);
                viewers.assertEveryViewerAccountsFor(read);
                System.out.printf("RedisFaultsUnderLoadIT %s: publishes %s, stored %d; %s%n", fault, publishers.statuses, read.size(),
                        viewers.summary());
                assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("no thread pile-up after the fault")
                        .isLessThan(threadsBefore + 20);
            } finally {
                running.set(false);
                load.shutdownNow();
                node.close();
            }
        }
    }
}
