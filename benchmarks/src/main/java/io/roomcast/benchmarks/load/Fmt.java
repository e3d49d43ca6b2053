package io.roomcast.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/** Number formatting for progress lines and reports. Stateless. */
final class Fmt {
    private Fmt() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** 4.81M, 212k, 950: for progress lines. */
    static String si(double n) {
        double a = Math.abs(n);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", n);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
    }

    static String kib(double bytes) {
        return String.format(Locale.ROOT, "%,.1f KiB", bytes / 1024.0);
    }

    static String cores(double cores) {
        return String.format(Locale.ROOT, "%.2f", cores);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A latency in microseconds as milliseconds with sensible precision. */
    static String ms(double micros) {
        double ms = micros / 1000.0;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

    /** Microseconds, e.g. a CPU cost per request. */
    static String us(double micros) {
        return String.format(Locale.ROOT, "%.1f µs", micros);
    }

    static String percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(p));
    }

    /** p50 / p99 / p99.9 / max over n samples. */
    static String latencies(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return "p50 " + percentile(h, 50) + ", p99 " + percentile(h, 99) + ", p99.9 " + percentile(h, 99.9)
                + ", max " + ms(h.getMaxValue()) + " (" + count(h.getTotalCount()) + " samples)";
    }

    static String counts(Map<String, Long> counts) {
        StringJoiner out = new StringJoiner(", ");
        counts.forEach((k, v) -> {
            if (v != 0) {
                out.add(k + " " + count(v));
            }
        });
        return out.length() == 0 ? "none" : out.toString();
    }

    /** {@link #counts} of counter values read as doubles (a Prometheus scrape), each rounded to a whole count. */
    static String roundedCounts(Map<String, Double> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, Math.round(v)));
        return counts(out);
    }
}
