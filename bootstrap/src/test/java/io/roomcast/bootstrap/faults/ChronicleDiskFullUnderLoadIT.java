package io.roomcast.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.adapters.chronicle.ChronicleStoreConfig;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.testing.SmallDisk;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The disk under a running node's Chronicle queue fills up while three business servers publish
 * (1 KiB gifts, flat out) and three long-connection viewers (TLS, the Java client) watch the room.
 * The node's data dir is a 160 MiB tmpfs this test mounts (root with CAP_SYS_ADMIN, as the build's
 * machines have; elsewhere the test is skipped and says so); another file takes the disk down to a
 * little above the node's free-space floor (64 MiB, {@link ChronicleStoreConfig#DEFAULT_MIN_FREE_BYTES}),
 * and the publishes take it under. Then publishes are answered 503 STORE_UNAVAILABLE saying why,
 * polls are still served, threads do not pile up; once the file is deleted publishes are accepted
 * again. At the end every acknowledged (202) publish is stored and nothing refused is, each viewer
 * has every stored message delivered or counted as skipped (delivered + skipped = published),
 * nothing twice, and a restart on the same disk reads everything back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChronicleDiskFullUnderLoadIT {
    private static final long MIB = 1024 * 1024;
    private static final String KEY = "disk-key-0123456789abcdef";
    private static final String SECRET = "disk-secret-0123456789abcdef-0123456789";
    @AutoClose
    private SmallDisk disk;
    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = SmallDisk.mountOrSkip(160);
        mount = disk.dir();
    }

    private Roomcast startNode() {
        return Roomcast.start(Settings.load(new String[] {"--store=chronicle", "--data.dir=" + mount,
            "--http.host=127.0.0.1", "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=0",
            "--api.keys=" + KEY, "--token.secret=" + SECRET,
            "--poll.limit.address.per.second=0", "--poll.limit.viewer.per.second=0",
            // Everything published is kept and deliverable at the end: no room or render budget, age or count drops.
            "--room.budget=10000000", "--render.budget=0", "--age.gift.ms=3600000", "--retention.count=10000000"}, Map.of()));
    }

    @Test
    void givenTheDiskFillingUnderLoad_publishesAreRefused503_nothingAcknowledgedIsLost_andWritesGoOnWhenSpaceReturns()
            throws Exception {
        ExecutorService load = Executors.newFixedThreadPool(3);
        AtomicBoolean running = new AtomicBoolean(true);
        RoomPublishers publishers;
        List<String> stored;
        Roomcast node = startNode();
        try (PushViewers viewers = PushViewers.start(node.tcpPort(), SECRET, "r1", 3)) {
            String base = "http://127.0.0.1:" + node.httpPort();
            publishers = new RoomPublishers(base, KEY, "r1", 1_000);
            publishers.start(load, running, 3);
            await("load flowing").atMost(Duration.ofSeconds(30)).until(() -> publishers.acknowledged.size() >= 50);
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            Path filler = disk.fill(ChronicleStoreConfig.DEFAULT_MIN_FREE_BYTES + 3 * MIB);
            await("publishes refused once the floor is reached").atMost(Duration.ofSeconds(60))
                    .until(() -> publishers.count(503) >= 20);
            assertThat(publishers.refusalCodes).as("refused with a clear error").containsOnly("STORE_UNAVAILABLE");
            assertThat(publishers.lastRefusal).contains("MiB free").contains("until space is freed");
            HttpResponse<String> poll = RoomPublishers.send(HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/rooms/r1/messages?limit=10")).GET());
            assertThat(poll).isNotNull();
            assertThat(poll.statusCode()).as("reads go on while writes are refused").isEqualTo(200);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("no thread pile-up")
                    .isLessThan(threadsBefore + 20);

            Files.delete(filler);
            int acceptedAtRecovery = publishers.count(202);
            await("publishes accepted again once space is freed").atMost(Duration.ofSeconds(60))
                    .until(() -> publishers.count(202) > acceptedAtRecovery + 50);
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            stored = RoomPublishers.readAll(node.instance(MessageStore.class), "r1");
            assertThat(new HashSet<>(stored)).as("nothing stored twice").hasSameSizeAs(stored)
                    .as("every acknowledged publish is stored, nothing refused is").isEqualTo(publishers.acknowledged);
            assertThat(publishers.statuses.keySet()).as("no answer other than 202 and 503").containsOnly(202, 503);
            viewers.assertEveryViewerAccountsFor(stored);
            System.out.printf("ChronicleDiskFullUnderLoadIT: publishes %s, stored %d; %s%n", publishers.statuses,
                    stored.size(), viewers.summary());
        } finally {
            running.set(false);
            load.shutdownNow();
            node.close();
        }
        Roomcast again = startNode();
        try {
            assertThat(RoomPublishers.readAll(again.instance(MessageStore.class), "r1")).as("after a restart")
                    .isEqualTo(stored);
        } finally {
            again.close();
        }
    }
}
