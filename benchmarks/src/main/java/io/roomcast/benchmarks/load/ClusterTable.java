package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The rows of {@link Cluster}'s table: one column per measure window, one row per figure. Stateless. */
final class ClusterTable {
    private ClusterTable() {
    }

    static List<List<String>> rows(List<Cluster.Window> windows, int nodes) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("per accepted message"));
        windows.forEach(w -> head.add(Fmt.rate(w.rate()) + " msg/s"));
        rows.add(head);
        rows.add(row("accepted in the window", windows, w -> Fmt.count(w.accepted())));
        rows.add(row("Redis commands (a script's inner ones included)", windows, w -> per(w.commands().values().stream().mapToLong(RedisInfo.Command::calls).sum(), w)));
        rows.add(row("Redis usec, summed (inner ones count twice)", windows, w -> per(w.commands().values().stream().mapToLong(RedisInfo.Command::usec).sum(), w)));
        rows.add(row("Redis bytes in", windows, w -> per(w.netIn(), w)));
        rows.add(row("Redis bytes out", windows, w -> per(w.netOut(), w)));
        rows.add(row("redis-server CPU (cores)", windows, w -> Fmt.cores(w.seconds() == 0 ? 0 : w.redisCpu() / w.seconds())));
        for (String name : Cluster.commandNames(windows)) {
            rows.add(row("- " + name + " calls (usec)", windows, w -> {
                RedisInfo.Command c = w.commands().get(name);
                return c == null ? "0" : per(c.calls(), w) + " (" + per(c.usec(), w) + ")";
            }));
        }
        if (nodes > 1) {
            rows.add(row("e2e on node 1 p50 / p99 (samples)", windows, w -> pair(w.node1())));
            rows.add(row("e2e on the other nodes p50 / p99 (samples)", windows, w -> pair(w.others())));
            rows.add(row("other nodes' extra p50 / p99", windows, w -> extra(w.node1(), w.others())));
        }
        return rows;
    }

    private static List<String> row(String name, List<Cluster.Window> windows, java.util.function.Function<Cluster.Window, String> cell) {
        List<String> r = new ArrayList<>(List.of(name));
        windows.forEach(w -> r.add(cell.apply(w)));
        return r;
    }

    /** {@code n} per accepted message of {@code w}, two decimals, or "-" without messages. */
    static String per(long n, Cluster.Window w) {
        return w.accepted() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) n / w.accepted());
    }

    private static String pair(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : Fmt.ms(h.getValueAtPercentile(50)) + " / " + Fmt.ms(h.getValueAtPercentile(99))
                + " (" + Fmt.count(h.getTotalCount()) + ")";
    }

    static String extra(Histogram node1, Histogram others) {
        if (node1.getTotalCount() == 0 || others.getTotalCount() == 0) {
            return "-";
        }
        return Fmt.ms(others.getValueAtPercentile(50) - node1.getValueAtPercentile(50)) + " / "
                + Fmt.ms(others.getValueAtPercentile(99) - node1.getValueAtPercentile(99));
    }
}
