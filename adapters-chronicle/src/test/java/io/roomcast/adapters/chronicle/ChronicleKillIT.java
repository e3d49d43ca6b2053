package io.roomcast.adapters.chronicle;

import static io.roomcast.adapters.chronicle.Fixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged message survives {@code kill -9}: a child JVM appends and prints each
 * acknowledged id; the test kills it with SIGKILL mid-stream, reopens the store, and finds every
 * acknowledged message exactly once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChronicleKillIT {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    private Process startChild(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("--add-exports") || flag.startsWith("-Dchronicle.")) {
                command.add(flag);
            }
        }
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AppendingChild.class.getName());
        command.add(dir.toString());
        command.addAll(List.of(args));
        // A file, not a pipe: what the child wrote before SIGKILL stays readable, all of it.
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("child-stdout.txt").toFile())
                .redirectError(dir.resolve("child-stderr.txt").toFile())
                .start();
    }

    /** The complete lines the child has printed so far. */
    private List<String> printed() throws IOException {
        Path file = dir.resolve("child-stdout.txt");
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    /** Waits for the child to print what {@code enough} asks for, or to die. */
    private List<String> awaitPrinted(Process child, Predicate<List<String>> enough) throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> enough.test(printed()) || !child.isAlive());
        return printed();
    }

    private String childErrors() throws IOException {
        Path file = dir.resolve("child-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void killHard(Process child) throws InterruptedException {
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
    }

    /** Every stored message of the child's seven rooms, by id, counting duplicates. */
    private Map<String, Integer> storedIds(ChronicleMessageStore store) {
        Map<String, Integer> counts = new HashMap<>();
        for (int room = 0; room < 7; room++) {
            for (Message m : readAll(store, Feed.guest(RoomId.of("room-" + room)))) {
                counts.merge(m.id().value(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void givenChildAppendingInALoop_killedWithSigkill_everyAcknowledgedMessageIsStoredOnce() throws Exception {
        Process child = startChild("loop");
        List<String> seen = awaitPrinted(child, lines -> lines.size() >= ACKS_BEFORE_KILL);
        assertThat(seen).as("child output; stderr: %s", childErrors()).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        killHard(child);
        List<String> acks = printed(); // every acknowledgement printed before the kill

        try (ChronicleMessageStore store = ChronicleMessageStore.open(
                ChronicleStoreConfig.in(dir).withRetention(AppendingChild.RETENTION), Clock.system())) {
            Map<String, Integer> stored = storedIds(store);
            assertThat(stored.values()).as("no message stored twice").allMatch(n -> n == 1);
            assertThat(stored.keySet()).containsAll(acks);

            // The queue is healthy after the kill: appends and another restart keep everything.
            Message after = store.append(Fixtures.chat(RoomId.of("room-0"), "after-kill", System.currentTimeMillis())).stored();
            assertThat(after.position().seq()).as("room-0's sequence continues after its last stored message")
                    .isEqualTo(readAll(store, Feed.guest(RoomId.of("room-0"))).stream()
                            .filter(m -> !m.id().equals(after.id())).mapToLong(m -> m.position().seq()).max().orElse(0) + 1);
        }
        try (ChronicleMessageStore store = ChronicleMessageStore.open(
                ChronicleStoreConfig.in(dir).withRetention(AppendingChild.RETENTION), Clock.system())) {
            assertThat(storedIds(store)).containsKey("after-kill").containsKeys(acks.toArray(String[]::new));
        }
    }

    @Test
    void givenChildKilledWithAHalfWrittenDocument_reopen_skipsItAndAppendsAfterIt() throws Exception {
        Process child = startChild("partial", "50");
        List<String> lines = awaitPrinted(child, l -> !l.isEmpty() && l.get(l.size() - 1).equals("PARTIAL"));
        assertThat(lines).as("child output; stderr: %s", childErrors()).hasSize(51).endsWith("PARTIAL");
        killHard(child);
        List<String> acks = lines.subList(0, 50);

        try (ChronicleMessageStore store = ChronicleMessageStore.open(
                ChronicleStoreConfig.in(dir).withRetention(AppendingChild.RETENTION), Clock.system())) {
            Map<String, Integer> stored = storedIds(store);
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(acks);
            assertThat(stored.values()).allMatch(n -> n == 1);
            store.append(Fixtures.chat(RoomId.of("room-1"), "after-partial", System.currentTimeMillis()));
        }
        try (ChronicleMessageStore store = ChronicleMessageStore.open(
                ChronicleStoreConfig.in(dir).withRetention(AppendingChild.RETENTION), Clock.system())) {
            Map<String, Integer> stored = storedIds(store);
            assertThat(stored).hasSize(51).containsKey("after-partial");
        }
    }
}
