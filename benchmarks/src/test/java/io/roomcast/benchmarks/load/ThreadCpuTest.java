package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void givenATaskStatLine_parse_readsTheNameWithItsSpacesAndItsUserAndKernelTicks() {
        String stat = "4301 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 3 4 20 0 37 0 100 0 0";

        ThreadCpu.Sample sample = ThreadCpu.parse(stat);

        assertThat(sample).isEqualTo(new ThreadCpu.Sample("C2 CompilerThre", 1_500, 250));
    }

    @Test
    void givenATaskSchedstatLine_parseWaitNanos_readsTheRunQueueTime() {
        assertThat(ThreadCpu.parseWaitNanos("123456789 987654 321\n")).isEqualTo(987_654);
    }

    @Test
    void givenTheNodesThreadNames_kind_tellsWhatEachDoes() {
        assertThat(ThreadCpu.kind("roomcast-tcp-io")).isEqualTo(ThreadCpu.Kind.PUSH_LOOPS);
        assertThat(ThreadCpu.kind("XNIO-1 I/O-1")).isEqualTo(ThreadCpu.Kind.HTTP);
        assertThat(ThreadCpu.kind("XNIO-1 task-12")).isEqualTo(ThreadCpu.Kind.HTTP);
        assertThat(ThreadCpu.kind("roomcast-chroni")).isEqualTo(ThreadCpu.Kind.STORE_WRITER);
        assertThat(ThreadCpu.kind("GC Thread#1")).isEqualTo(ThreadCpu.Kind.GC_AND_VM);
        assertThat(ThreadCpu.kind("G1 Conc#0")).isEqualTo(ThreadCpu.Kind.GC_AND_VM);
        assertThat(ThreadCpu.kind("VM Thread")).isEqualTo(ThreadCpu.Kind.GC_AND_VM);
        assertThat(ThreadCpu.kind("C1 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.kind("roomcast-tcp-ac")).isEqualTo(ThreadCpu.Kind.OTHER);
        assertThat(ThreadCpu.kind("main")).isEqualTo(ThreadCpu.Kind.OTHER);
    }

    @Test
    void givenThisJvm_twoReadings_giveNoNegativeTime_andCountItsThreads() {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.read(pid);
        long spin = 0;
        for (int i = 0; i < 20_000_000; i++) {
            spin += i ^ (spin >>> 3);
        }
        ThreadCpu.Usage usage = ThreadCpu.read(pid).since(before);

        assertThat(spin).isNotZero();
        for (ThreadCpu.Kind kind : ThreadCpu.Kind.values()) {
            assertThat(usage.user(kind)).isGreaterThanOrEqualTo(0);
            assertThat(usage.system(kind)).isGreaterThanOrEqualTo(0);
            assertThat(usage.waiting(kind)).isGreaterThanOrEqualTo(0);
        }
        assertThat(ThreadCpu.read(Long.MAX_VALUE).since(before).seconds()).as("a process that is gone").isEmpty();
    }

    @Test
    void givenUsageOverTenSeconds_threadRows_giveCoresPerKind_andThePushLoopsCostPerBlock() {
        ThreadCpu.Usage usage = new ThreadCpu.Usage(Map.of(
                ThreadCpu.Kind.PUSH_LOOPS, new double[] {4.0, 3.0},
                ThreadCpu.Kind.HTTP, new double[] {1.5, 0.5}));

        List<List<String>> rows = PushReport.threadRows(usage, 10, 200_000);

        assertThat(rows.get(0).get(1)).isEqualTo("push loops (TCP and WebSocket event loops, `roomcast-tcp-io`) 0.70 (kernel 0.30); "
                + "HTTP (Undertow's `XNIO` I/O and worker threads) 0.20 (kernel 0.05)");
        assertThat(rows.get(1).get(1)).isEqualTo("user 20.0 µs, kernel 15.0 µs");
    }

    @Test
    void givenThreadsThatWaitedForAProcessor_threadRows_sayHowLongPerKind() {
        ThreadCpu.Usage usage = new ThreadCpu.Usage(Map.of(
                ThreadCpu.Kind.PUSH_LOOPS, new double[] {4.0, 3.0, 6.9},
                ThreadCpu.Kind.HTTP, new double[] {1.5, 0.5, 6.1},
                ThreadCpu.Kind.JIT, new double[] {0, 0, 0.2}));

        List<List<String>> rows = PushReport.threadRows(usage, 10, 0);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).startsWith("Server threads waiting for a processor");
        assertThat(rows.get(1).get(1)).isEqualTo("push loops (TCP and WebSocket event loops, `roomcast-tcp-io`) 0.69; "
                + "HTTP (Undertow's `XNIO` I/O and worker threads) 0.61");
    }
}
