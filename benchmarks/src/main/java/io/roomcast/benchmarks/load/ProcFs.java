package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what Linux says about a process under {@code /proc/<pid>}: CPU time from {@code stat}
 * ({@code utime + stime}, fields 14 and 15, in clock ticks; {@code stime} is the kernel's share),
 * resident memory from {@code status} ({@code VmRSS}, {@code VmHWM}, {@code Threads}) and the
 * open-files limit from {@code limits}. ({@code /proc/<pid>/io} is not used: socket sends and
 * receives through {@code sendto}/{@code recvfrom} do not show there; {@link PerfStat} counts
 * syscalls.) The parsing is pure and static (tested on captured text); an instance reads one
 * process. Thread-safe (no state besides the pid).
 */
final class ProcFs {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every mainstream Linux build. */
    static final long TICKS_PER_SECOND = 100;

    private final long pid;

    private ProcFs(long pid) {
        this.pid = pid;
    }

    static ProcFs of(long pid) {
        return new ProcFs(pid);
    }

    static ProcFs self() {
        return new ProcFs(ProcessHandle.current().pid());
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return Files.exists(dir().resolve("stat"));
    }

    /** User + system CPU seconds used so far by every thread of the process. */
    double cpuSeconds() {
        return cpuTicks(read("stat")) / (double) TICKS_PER_SECOND;
    }

    /** System (kernel) CPU seconds used so far: syscalls, socket copies, page faults. */
    double systemCpuSeconds() {
        return systemTicks(read("stat")) / (double) TICKS_PER_SECOND;
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        return statusKb(read("status"), "VmRSS") * 1024;
    }

    long threads() {
        return statusKb(read("status"), "Threads");
    }

    /** The soft limit on open files ({@code Max open files}). */
    long maxOpenFiles() {
        return maxOpenFiles(read("limits"));
    }

    private Path dir() {
        return Path.of("/proc", Long.toString(pid));
    }

    private String read(String file) {
        try {
            return readFile(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
        }
    }

    /**
     * The whole of a {@code /proc} or {@code /sys} file. Read as a stream: these files report a size
     * the JDK's {@code Files.readString} trusts, and some of them then read short.
     */
    static String readFile(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code utime + stime} of a {@code /proc/<pid>/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state), so field n is rest[n - 3]: utime is 14, stime 15.
        return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    }

    /** {@code stime} (field 15) of a {@code /proc/<pid>/stat} line. */
    static long systemTicks(String stat) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
        return Long.parseLong(rest[12]);
    }

    /** The number of a {@code /proc/<pid>/status} line such as {@code VmRSS:    123456 kB}; -1 when absent. */
    static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /** {@code Max open files} soft limit of a {@code /proc/<pid>/limits} table; -1 for unlimited. */
    static long maxOpenFiles(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        throw new IllegalArgumentException("no 'Max open files' line in the limits table");
    }
}
