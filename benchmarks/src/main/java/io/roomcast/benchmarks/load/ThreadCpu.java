package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of a process's threads by what they do, read from {@code /proc/<pid>/task/<tid>/stat}
 * ({@code utime} and {@code stime} of each thread; its name, {@code comm}, at most 15 characters,
 * tells its {@link Kind}): where a node's CPU goes over a measure window, without a profiler, so a
 * cost "per block written" can be the push loops' own and not the publish path's or the collector's.
 * With it, from {@code /proc/<pid>/task/<tid>/schedstat}, how long each thread was ready to run and
 * waited for a processor (the run queue): on a machine the node shares, the part of a latency that
 * is waiting for a core rather than work.
 * A thread that ends between two readings loses the time it used since the first. The parsing is
 * pure and static (tested on captured text). Immutable.
 */
final class ThreadCpu {
    /** What a thread does, by its name. */
    enum Kind {
        PUSH_LOOPS("push loops (TCP and WebSocket event loops, `roomcast-tcp-io`)"),
        HTTP("HTTP (Undertow's `XNIO` I/O and worker threads)"),
        STORE_WRITER("store writer (`roomcast-chronicle-writer`)"),
        GC_AND_VM("GC and VM (`GC Thread`, `G1 ...`, `VM Thread`)"),
        JIT("JIT compilers (`C1`, `C2`)"),
        OTHER("other threads");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** A thread's name, its user and kernel clock ticks, and the nanoseconds it waited in the run queue (0: not known). */
    record Sample(String name, long user, long system, long waitNanos) {
        Sample(String name, long user, long system) {
            this(name, user, system, 0);
        }
    }

    /** User and kernel CPU seconds, and seconds waiting for a processor, per kind over a window ({user, system[, wait]}). */
    record Usage(Map<Kind, double[]> seconds) {
        double user(Kind kind) {
            return seconds.getOrDefault(kind, new double[3])[0];
        }

        double system(Kind kind) {
            return seconds.getOrDefault(kind, new double[3])[1];
        }

        /** Seconds the kind's threads spent ready to run and waiting for a processor, summed over its threads. */
        double waiting(Kind kind) {
            double[] s = seconds.getOrDefault(kind, new double[3]);
            return s.length > 2 ? s[2] : 0;
        }
    }

    private final Map<Long, Sample> threads;

    private ThreadCpu(Map<Long, Sample> threads) {
        this.threads = threads;
    }

    /** Every thread of process {@code pid} now; empty when the process is gone. */
    static ThreadCpu read(long pid) {
        Map<Long, Sample> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    Sample sample = parse(ProcFs.readFile(task.resolve("stat")));
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new Sample(sample.name(), sample.user(), sample.system(), waitNanos(task)));
                } catch (NoSuchFileException ended) {
                    // the thread ended while the directory was listed
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(threads);
    }

    /** The name and ticks of one {@code /proc/<pid>/task/<tid>/stat} line (fields counted from the last ')', as {@link ProcFs}). */
    static Sample parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        return new Sample(stat.substring(open + 1, close), Long.parseLong(rest[11]), Long.parseLong(rest[12]));
    }

    /** The run-queue time of a task ({@code schedstat}'s second field), 0 when the kernel does not keep it. */
    private static long waitNanos(Path task) throws IOException {
        try {
            return parseWaitNanos(ProcFs.readFile(task.resolve("schedstat")));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** {@code schedstat}: nanoseconds on a processor, nanoseconds waiting in the run queue, time slices. */
    static long parseWaitNanos(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("not a schedstat line: " + schedstat);
        }
        return Long.parseLong(fields[1]);
    }

    /** The kind of a thread named {@code name} (as Linux keeps it: at most 15 characters). */
    static Kind kind(String name) {
        if (name.startsWith("roomcast-tcp-io")) {
            return Kind.PUSH_LOOPS;
        }
        if (name.startsWith("XNIO")) {
            return Kind.HTTP;
        }
        if (name.startsWith("roomcast-chroni")) {
            return Kind.STORE_WRITER;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return Kind.GC_AND_VM;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return Kind.JIT;
        }
        return Kind.OTHER;
    }

    /** User and kernel seconds, and seconds waiting for a processor, each kind used from {@code before} to this reading. */
    Usage since(ThreadCpu before) {
        Map<Kind, double[]> seconds = new EnumMap<>(Kind.class);
        threads.forEach((tid, now) -> {
            Sample then = before.threads.get(tid);
            double[] sum = seconds.computeIfAbsent(kind(now.name()), k -> new double[3]);
            sum[0] += (now.user() - (then != null ? then.user() : 0)) / (double) ProcFs.TICKS_PER_SECOND;
            sum[1] += (now.system() - (then != null ? then.system() : 0)) / (double) ProcFs.TICKS_PER_SECOND;
            sum[2] += (now.waitNanos() - (then != null ? then.waitNanos() : 0)) / 1e9;
        });
        return new Usage(seconds);
    }
}
