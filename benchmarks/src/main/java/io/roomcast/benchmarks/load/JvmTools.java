package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the JDK's tools tell about another JVM: {@code jcmd <pid> GC.heap_info} (heap in use),
 * {@code jcmd <pid> GC.run} (a full collection, so "in use" means live), and the unified GC log
 * ({@code -Xlog:gc:file=...}) summed into pause count and pause time. The parsing is pure and
 * static; the jcmd calls run the {@code jcmd} next to this JVM's {@code java}, with a timeout.
 */
final class JvmTools {
    private static final Pattern HEAP_USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

    private JvmTools() {
    }

    /** GC pauses logged so far: how many and their total milliseconds. */
    record Pauses(long count, double millis) {
        Pauses minus(Pauses before) {
            return new Pauses(count - before.count, millis - before.millis);
        }
    }

    /** Heap committed and used, bytes, from the first heap line of {@code GC.heap_info}; -1s when unknown. */
    record Heap(long committed, long used) {
    }

    static Pauses pauses(Path gcLog) {
        if (gcLog == null || !Files.exists(gcLog)) {
            return new Pauses(0, 0);
        }
        try {
            return pauses(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Pauses(0, 0);
        }
    }

    static Pauses pauses(List<String> lines) {
        long count = 0;
        double millis = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                count++;
                millis += Double.parseDouble(m.group(1));
            }
        }
        return new Pauses(count, millis);
    }

    static Heap heap(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (!m.find()) {
            return new Heap(-1, -1);
        }
        return new Heap(Long.parseLong(m.group(1)) * 1024, Long.parseLong(m.group(2)) * 1024);
    }

    /** {@code jcmd <pid> <command...>}'s output, or null when jcmd is missing or fails. */
    static String jcmd(long pid, String... command) {
        Path java = Path.of(ChildProcess.javaBinary());
        Path jcmd = java.getParent() == null ? Path.of("jcmd") : java.getParent().resolve("jcmd");
        List<String> cmd = new ArrayList<>();
        cmd.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Heap of {@code pid} now (no collection). */
    static Heap heapOf(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        return out == null ? new Heap(-1, -1) : heap(out);
    }

    /** Runs a full collection in {@code pid}; false when jcmd could not. */
    static boolean fullGc(long pid) {
        return jcmd(pid, "GC.run") != null;
    }

    /**
     * The first {@code lines} classes of a {@code jcmd <pid> GC.class_histogram} output (with its two header lines,
     * without the {@code <pid>:} line), then "..." and the output's last (total) line.
     */
    static String topOfHistogram(String out, long pid, int lines) {
        String[] all = out.split("\n");
        StringBuilder top = new StringBuilder();
        int kept = 0;
        for (String line : all) {
            if (line.isBlank() || line.startsWith(pid + ":")) {
                continue;
            }
            top.append(line).append('\n');
            if (++kept >= lines + 2) {
                break;
            }
        }
        String total = all[all.length - 1];
        return top.append("...\n").append(total).toString();
    }
}
