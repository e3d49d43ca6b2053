package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary of a publish-rate sweep ({@code --sweep}), one row per step's measure window: the
 * Markdown table of the report and the points of {@link SweepChart}. Delivered is also given as a
 * share of the sweep's peak deliveries/s, so a plateau reads as ~100% from the peak on and a
 * collapse as a falling share. Pure (figures in, cells out); stateless.
 */
final class SweepTable {
    /** The skip reasons in the order of the table's columns. */
    static final List<String> SKIP_COLUMNS = List.of("age", "budget", "priority", "superseded");
    /** Micrometer's JvmMemoryMetrics series for the JDK's buffer pools; {@code id="direct"} is direct ByteBuffers. */
    static final String BUFFER_MEMORY = "jvm_buffer_memory_used_bytes";

    private SweepTable() {
    }

    /**
     * The table: header then one row per step. {@code viewersPerRoom} turns accepted messages into
     * deliveries asked for; {@code critical}: the mix has CRITICAL messages, so their p99 gets a column.
     */
    static List<List<String>> rows(List<PushPhases.Step> steps, double viewersPerRoom, boolean critical) {
        return rows(steps, viewersPerRoom, critical, true);
    }

    /**
     * The table, with roomcast's own columns ({@code roomcast}: skipped per reason, direct memory, GC) or without them,
     * for a server that skips nothing and has no JVM (the Redis baseline).
     */
    static List<List<String>> rows(List<PushPhases.Step> steps, double viewersPerRoom, boolean critical, boolean roomcast) {
        double peak = peakDeliveries(steps);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("messages/s per room", "offered messages/s", "deliveries asked/s",
                "**deliveries/s**", "% of peak", "e2e p50 / p99 / p99.9"));
        if (critical) {
            header.add("CRITICAL e2e p99");
        }
        for (String reason : roomcast ? SKIP_COLUMNS : List.<String>of()) {
            header.add("skipped/s " + reason);
        }
        header.add("server RSS end / peak");
        if (roomcast) {
            header.add("server direct memory");
        }
        header.addAll(List.of("server CPU (kernel)", "client CPU (kernel)"));
        if (roomcast) {
            header.add("server GC % of time");
        }
        header.add("drained");
        rows.add(header);
        for (PushPhases.Step st : steps) {
            double sec = seconds(st);
            Windows.Delivery d = st.window();
            double delivered = d.entries / sec;
            List<String> row = new ArrayList<>();
            row.add(Fmt.rate(st.ratePerRoom()));
            row.add(Fmt.rate(st.published().sent / sec));
            row.add(Fmt.rate(st.published().accepted / sec * viewersPerRoom));
            row.add("**" + Fmt.rate(delivered) + "**");
            row.add(peak > 0 ? Fmt.pct(delivered / peak) : "-");
            row.add(Fmt.percentile(d.e2e, 50) + " / " + Fmt.percentile(d.e2e, 99) + " / " + Fmt.percentile(d.e2e, 99.9));
            if (critical) {
                row.add(Fmt.percentile(d.critical, 99));
            }
            for (String reason : roomcast ? SKIP_COLUMNS : List.<String>of()) {
                row.add(Fmt.rate(d.skippedByReason().getOrDefault(reason, 0L) / sec));
            }
            Meter.Totals cpu = st.cpu();
            row.add(cpu.peakServerRss > 0 ? mibPair(cpu.serverRss, cpu.peakServerRss) : "?");
            if (roomcast) {
                Double direct = st.serverEnd().byLabel(BUFFER_MEMORY, "id").get("direct");
                row.add(direct == null ? "?" : Fmt.mib(Math.round(direct)));
            }
            row.add(Fmt.cores(cpu.serverCores()) + " (" + Fmt.cores(cpu.serverSys / sec) + ")");
            row.add(Fmt.cores(cpu.clientCores()) + " (" + Fmt.cores(cpu.clientSys / sec) + ")");
            if (roomcast) {
                row.add(st.gc() == null ? "-" : Fmt.pct(st.gc().millis() / 1000 / sec));
            }
            row.add(String.format(Locale.ROOT, "%s after %.0f s", st.drained() ? "yes" : "NO", st.drainSeconds()));
            rows.add(row);
        }
        return rows;
    }

    /** The chart's points: offered (sent) messages/s, deliveries asked and measured per second, p99s in ms. */
    static List<SweepChart.Point> points(List<PushPhases.Step> steps, double viewersPerRoom) {
        List<SweepChart.Point> out = new ArrayList<>();
        for (PushPhases.Step st : steps) {
            double sec = seconds(st);
            Windows.Delivery d = st.window();
            out.add(new SweepChart.Point(st.published().sent / sec, st.published().accepted / sec * viewersPerRoom,
                    d.entries / sec, p99Millis(d.e2e), p99Millis(d.critical)));
        }
        return out;
    }

    static double peakDeliveries(List<PushPhases.Step> steps) {
        double peak = 0;
        for (PushPhases.Step st : steps) {
            peak = Math.max(peak, st.window().entries / seconds(st));
        }
        return peak;
    }

    private static double seconds(PushPhases.Step st) {
        return Math.max(1e-9, st.cpu().seconds);
    }

    private static double p99Millis(org.HdrHistogram.Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
    }

    private static String mibPair(long end, long peak) {
        return String.format(Locale.ROOT, "%,.0f / %,.0f MiB", end / 1048576.0, peak / 1048576.0);
    }
}
