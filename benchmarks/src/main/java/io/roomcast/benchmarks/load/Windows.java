package io.roomcast.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What happened during one interval of a run (a second, or a whole phase once summed), for each
 * kind of stats: deliveries to viewers or pollers, publishes (polls: {@link PollWindow}). A {@code Sampler} takes the
 * growth of the live counters since its previous call (and the latency recorders' interval
 * histograms); {@code add} sums intervals into a phase. Not thread-safe: one sampling thread.
 */
final class Windows {
    private Windows() {
    }

    static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    static void addInto(Map<String, Long> into, Map<String, Long> more) {
        more.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    static Histogram histogram() {
        return new Histogram(3);
    }

    /** Deliveries: blocks (or poll answers), entries, bytes, skipped by reason, latencies. */
    static final class Delivery {
        long entries;
        long blocks;
        long bytes;
        long sessions;
        long disconnects;
        long pings;
        long pongs;
        int live;
        final long[] skipped = new long[DeliveryStats.SKIP_REASONS.length];
        final Map<String, Long> errors = new TreeMap<>();
        final Histogram e2e = histogram();
        final Histogram accept = histogram();
        final Histogram window = histogram();
        final Histogram transport = histogram();
        /** e2e of the CRITICAL entries alone (they are in {@code e2e} too). */
        final Histogram critical = histogram();

        void add(Delivery o) {
            entries += o.entries;
            blocks += o.blocks;
            bytes += o.bytes;
            sessions += o.sessions;
            disconnects += o.disconnects;
            pings += o.pings;
            pongs += o.pongs;
            live = o.live;
            for (int i = 0; i < skipped.length; i++) {
                skipped[i] += o.skipped[i];
            }
            addInto(errors, o.errors);
            e2e.add(o.e2e);
            accept.add(o.accept);
            window.add(o.window);
            transport.add(o.transport);
            critical.add(o.critical);
        }

        long skippedTotal() {
            long total = 0;
            for (long s : skipped) {
                total += s;
            }
            return total;
        }

        Map<String, Long> skippedByReason() {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < skipped.length; i++) {
                out.put(DeliveryStats.SKIP_REASONS[i], skipped[i]);
            }
            return out;
        }

        /** Takes the growth of a {@link DeliveryStats} since the previous call. */
        static final class Sampler {
            private final DeliveryStats stats;
            private long entries;
            private long blocks;
            private long bytes;
            private long sessions;
            private long disconnects;
            private long pings;
            private long pongs;
            private long[] skipped = new long[DeliveryStats.SKIP_REASONS.length];
            private Map<String, Long> errors = Map.of();

            Sampler(DeliveryStats stats) {
                this.stats = stats;
                next();
            }

            /** Connections with an open session now. */
            int live() {
                return stats.live.get();
            }

            Delivery next() {
                Delivery d = new Delivery();
                long e = stats.entries.sum();
                long b = stats.blocks.sum();
                long by = stats.bytes.sum();
                long s = stats.sessions.sum();
                long dc = stats.disconnects.sum();
                long pi = stats.pings.sum();
                long po = stats.pongs.sum();
                long[] sk = stats.skippedCounts();
                Map<String, Long> er = stats.errorCounts();
                d.entries = e - entries;
                d.blocks = b - blocks;
                d.bytes = by - bytes;
                d.sessions = s - sessions;
                d.disconnects = dc - disconnects;
                d.pings = pi - pings;
                d.pongs = po - pongs;
                d.live = stats.live.get();
                for (int i = 0; i < sk.length; i++) {
                    d.skipped[i] = sk[i] - skipped[i];
                }
                d.errors.putAll(minus(er, errors));
                d.e2e.add(stats.e2e.getIntervalHistogram());
                d.accept.add(stats.accept.getIntervalHistogram());
                d.window.add(stats.window.getIntervalHistogram());
                d.transport.add(stats.transport.getIntervalHistogram());
                d.critical.add(stats.critical.getIntervalHistogram());
                entries = e;
                blocks = b;
                bytes = by;
                sessions = s;
                disconnects = dc;
                pings = pi;
                pongs = po;
                skipped = sk;
                errors = er;
                return d;
            }
        }
    }

    /** Publishes: messages sent, accepted, discarded by reason, not sent (behind), request latency. */
    static final class Publish {
        long sent;
        long accepted;
        long discarded;
        long notSent;
        long requests;
        final Map<String, Long> discardedBy = new TreeMap<>();
        final Map<String, Long> acceptedByPriority = new TreeMap<>();
        final Map<String, Long> failures = new TreeMap<>();
        final Histogram latency = histogram();

        void add(Publish o) {
            sent += o.sent;
            accepted += o.accepted;
            discarded += o.discarded;
            notSent += o.notSent;
            requests += o.requests;
            addInto(discardedBy, o.discardedBy);
            addInto(acceptedByPriority, o.acceptedByPriority);
            addInto(failures, o.failures);
            latency.add(o.latency);
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Takes the growth of a {@link Publisher.Stats} since the previous call. */
        static final class Sampler {
            private final Publisher.Stats stats;
            private long sent;
            private long accepted;
            private long discarded;
            private long notSent;
            private long requests;
            private Map<String, Long> discardedBy = Map.of();
            private Map<String, Long> acceptedByPriority = Map.of();
            private Map<String, Long> failures = Map.of();

            Sampler(Publisher.Stats stats) {
                this.stats = stats;
                next();
            }

            Publish next() {
                Publish p = new Publish();
                long s = stats.sent.sum();
                long a = stats.accepted.sum();
                long d = stats.discarded.sum();
                long n = stats.notSent.sum();
                long r = stats.requests.sum();
                Map<String, Long> db = Publisher.Stats.snapshot(stats.discardedBy);
                Map<String, Long> ap = Publisher.Stats.snapshot(stats.acceptedByPriority);
                Map<String, Long> f = Publisher.Stats.snapshot(stats.failures);
                p.sent = s - sent;
                p.accepted = a - accepted;
                p.discarded = d - discarded;
                p.notSent = n - notSent;
                p.requests = r - requests;
                p.discardedBy.putAll(minus(db, discardedBy));
                p.acceptedByPriority.putAll(minus(ap, acceptedByPriority));
                p.failures.putAll(minus(f, failures));
                p.latency.add(stats.latency.getIntervalHistogram());
                sent = s;
                accepted = a;
                discarded = d;
                notSent = n;
                requests = r;
                discardedBy = db;
                acceptedByPriority = ap;
                failures = f;
                return p;
            }
        }
    }
}
