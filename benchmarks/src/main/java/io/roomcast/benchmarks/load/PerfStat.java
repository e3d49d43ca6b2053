package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts a process's system calls over a few seconds with {@code perf stat -e <tracepoints> -p <pid>}
 * (counting mode: no sampling, no stack walks; each counted syscall costs the kernel a counter
 * increment, so it runs only over a slice of a measure window). Socket writes and reads of Netty's
 * epoll transport go through {@code write}/{@code writev}/{@code sendmsg} and {@code read}/
 * {@code recvfrom}, which {@code /proc/<pid>/io} does not see. Absent or refused perf: no figures.
 */
final class PerfStat {
    static final List<String> EVENTS = List.of(
            "raw_syscalls:sys_enter", "syscalls:sys_enter_write", "syscalls:sys_enter_writev",
            "syscalls:sys_enter_sendmsg", "syscalls:sys_enter_sendto", "syscalls:sys_enter_read",
            "syscalls:sys_enter_recvfrom", "syscalls:sys_enter_epoll_wait", "syscalls:sys_enter_epoll_pwait",
            "syscalls:sys_enter_futex", "context-switches");

    private final Process process;
    private final Path output;
    final long pid;
    final int seconds;

    private PerfStat(Process process, Path output, long pid, int seconds) {
        this.process = process;
        this.output = output;
        this.pid = pid;
        this.seconds = seconds;
    }

    /** Starts counting {@code pid} for {@code seconds}; null when perf cannot be started. */
    static PerfStat start(long pid, int seconds, Path workDir) {
        if (pid <= 0 || seconds <= 0) {
            return null;
        }
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "perf-" + pid + "-", ".csv");
            List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", out.toString(), "-e",
                    String.join(",", EVENTS), "-p", Long.toString(pid), "sleep", Integer.toString(seconds)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new PerfStat(p, out, pid, seconds);
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits for the counts: event name to count; empty when perf failed. */
    Map<String, Long> await() {
        try {
            if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Map.of();
            }
            return parse(ProcFs.readFile(output));
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** Reads perf's CSV ({@code count,unit,event,...}); uncounted events are left out. */
    static Map<String, Long> parse(String csv) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f.length < 3 || line.startsWith("#")) {
                continue;
            }
            try {
                out.put(f[2].replace("syscalls:sys_enter_", "").replace("raw_syscalls:sys_enter", "all syscalls"),
                        Long.parseLong(f[0].trim()));
            } catch (NumberFormatException e) {
                // "<not counted>" or "<not supported>": no figure.
            }
        }
        return out;
    }

    /** One line of per-second rates, e.g. {@code all syscalls 412,000/s, writev 120,000/s, ...}. */
    static String rates(Map<String, Long> counts, int seconds) {
        if (counts.isEmpty()) {
            return "not measured (perf unavailable)";
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((event, n) -> {
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(event).append(' ').append(Fmt.rate((double) n / seconds)).append("/s");
            }
        });
        return out.length() == 0 ? "none counted" : out.toString();
    }
}
