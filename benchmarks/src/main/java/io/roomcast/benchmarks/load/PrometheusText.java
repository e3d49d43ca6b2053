package io.roomcast.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape of {@code GET /metrics} (Prometheus text format): every sample line
 * {@code name{label="value",...} number}, keyed by name and its labels in order of appearance.
 * Comments and blank lines are skipped. Immutable.
 */
final class PrometheusText {
    /** One series: its metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, Sample> samples;

    private PrometheusText(Map<String, Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText empty() {
        return new PrometheusText(Map.of());
    }

    static PrometheusText parse(String text) {
        Map<String, Sample> out = new TreeMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            String name;
            String rest;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                int close = parseLabels(line, brace + 1, labels);
                rest = line.substring(close + 1).trim();
            } else {
                if (space < 0) {
                    continue;
                }
                name = line.substring(0, space);
                rest = line.substring(space + 1).trim();
            }
            String number = rest.split("\\s+")[0];
            double value;
            try {
                value = switch (number) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(number);
                };
            } catch (NumberFormatException e) {
                continue;
            }
            out.put(name + labels, new Sample(name, Map.copyOf(labels), value));
        }
        return new PrometheusText(out);
    }

    /** Reads {@code a="x",b="y"} from {@code start}; returns the index of the closing brace. */
    private static int parseLabels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).trim();
            int quote = line.indexOf('"', eq);
            StringBuilder value = new StringBuilder();
            int j = quote + 1;
            while (j < line.length() && line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
        }
        return i;
    }

    /** The sum of every series named {@code name}. */
    double sum(String name) {
        double total = 0;
        for (Sample s : samples.values()) {
            if (s.name().equals(name)) {
                total += s.value();
            }
        }
        return total;
    }

    /** The series named {@code name}, summed by the value of {@code label}. */
    Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples.values()) {
            if (s.name().equals(name)) {
                out.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
            }
        }
        return out;
    }

    /**
     * The upper bound, in the histogram's unit, of the bucket in which the {@code q} quantile of histogram
     * {@code name} falls, over its series whose {@code label} is {@code value} (their other labels summed); NaN
     * when they counted nothing. On a scrape's growth ({@link #minus}) it is the quantile of that stretch.
     */
    double quantileBound(String name, String label, String value, double q) {
        Map<Double, Double> counts = new TreeMap<>();
        for (Sample s : samples.values()) {
            if (s.name().equals(name + "_bucket") && value.equals(s.labels().get(label)) && s.labels().containsKey("le")) {
                String le = s.labels().get("le");
                counts.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(), Double::sum);
            }
        }
        double total = counts.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Every series of this scrape minus the same series of {@code before} (counters' growth). */
    PrometheusText minus(PrometheusText before) {
        Map<String, Sample> out = new TreeMap<>();
        samples.forEach((key, s) -> {
            Sample old = before.samples.get(key);
            out.put(key, new Sample(s.name(), s.labels(), s.value() - (old == null ? 0 : old.value())));
        });
        return new PrometheusText(out);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }
}
