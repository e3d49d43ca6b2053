package io.roomcast.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Polls during one interval (a second, or a phase once summed, as the other {@link Windows}):
 * answers, status codes, bytes, the cursors' length, latency, and what the answers carried. Not
 * thread-safe: one sampling thread.
 */
final class PollWindow {
    long polls;
    long bodyBytes;
    long cursorChars;
    long more;
    long resets;
    long reconnects;
    int connected;
    final Map<String, Long> statuses = new TreeMap<>();
    final Map<String, Long> failures = new TreeMap<>();
    final Histogram latency = Windows.histogram();
    final Windows.Delivery messages = new Windows.Delivery();

    void add(PollWindow o) {
        polls += o.polls;
        bodyBytes += o.bodyBytes;
        cursorChars += o.cursorChars;
        more += o.more;
        resets += o.resets;
        reconnects += o.reconnects;
        connected = o.connected;
        Windows.addInto(statuses, o.statuses);
        Windows.addInto(failures, o.failures);
        latency.add(o.latency);
        messages.add(o.messages);
    }

    /** Takes the growth of a {@link Pollers.Stats} since the previous call. */
    static final class Sampler {
        private final Pollers.Stats stats;
        private final Windows.Delivery.Sampler messages;
        private long polls;
        private long bodyBytes;
        private long cursorChars;
        private long more;
        private long resets;
        private long reconnects;
        private Map<String, Long> statuses = Map.of();
        private Map<String, Long> failures = Map.of();

        Sampler(Pollers.Stats stats) {
            this.stats = stats;
            this.messages = new Windows.Delivery.Sampler(stats.messages);
            next();
        }

        PollWindow next() {
            PollWindow p = new PollWindow();
            long po = stats.polls.sum();
            long b = stats.bodyBytes.sum();
            long cc = stats.cursorChars.sum();
            long m = stats.more.sum();
            long r = stats.resets.sum();
            long rc = stats.reconnects.sum();
            Map<String, Long> st = new TreeMap<>();
            stats.statusCounts().forEach((k, v) -> st.put(Integer.toString(k), v));
            Map<String, Long> f = stats.failureCounts();
            p.polls = po - polls;
            p.bodyBytes = b - bodyBytes;
            p.cursorChars = cc - cursorChars;
            p.more = m - more;
            p.resets = r - resets;
            p.reconnects = rc - reconnects;
            p.connected = stats.connected.get();
            p.statuses.putAll(Windows.minus(st, statuses));
            p.failures.putAll(Windows.minus(f, failures));
            p.latency.add(stats.latency.getIntervalHistogram());
            p.messages.add(messages.next());
            polls = po;
            bodyBytes = b;
            cursorChars = cc;
            more = m;
            resets = r;
            reconnects = rc;
            statuses = st;
            failures = f;
            return p;
        }
    }
}
