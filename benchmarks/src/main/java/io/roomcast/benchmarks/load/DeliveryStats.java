package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the viewers (long connections) or pollers of one run received, summed over all of them:
 * counters (lock-free adders, written from the event loops) and latency recorders (HdrHistogram
 * {@link Recorder}s, wait-free to record, read as interval histograms once a second).
 *
 * <p>Latencies of an entry, in microseconds, from the times it carries: {@code e2e} is receive
 * minus the publish time in the payload; {@code accept} is {@code createdAt} (stamped by the
 * server at accept) minus the publish time; {@code window} is {@code sentAt} (the block's drain)
 * minus {@code createdAt}; {@code transport} is receive minus {@code sentAt}. The server stamps
 * milliseconds, so the three parts are exact to about a millisecond; e2e is exact to the
 * microsecond. {@code critical} holds the e2e latency of the entries whose priority is
 * {@code CRITICAL} (also counted in {@code e2e}), so an overloaded server's handling of the messages
 * it must never drop shows apart from the chat around them. Thread-safe.
 */
final class DeliveryStats {
    /** The reasons of {@code roomcast.v1.Skipped}, in field order. */
    static final String[] SKIP_REASONS = {"priority", "age", "budget", "superseded"};
    private static final int MESSAGE_PRIORITY = 5;
    /** {@code Priority.CRITICAL} on the wire. */
    private static final long CRITICAL = 5;
    private static final int MESSAGE_PAYLOAD = 6;
    private static final int MESSAGE_CREATED_AT = 7;
    private static final int MESSAGE_SENT_AT = 12;

    final LongAdder sessions = new LongAdder();
    final LongAdder blocks = new LongAdder();
    final LongAdder entries = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder pongs = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder goAways = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder[] skipped = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Connections with an open session now (Welcome received, not closed since). */
    final AtomicInteger live = new AtomicInteger();

    final Recorder e2e = new Recorder(3);
    final Recorder accept = new Recorder(3);
    final Recorder window = new Recorder(3);
    final Recorder transport = new Recorder(3);
    final Recorder critical = new Recorder(3);
    /** e2e of the sampled viewers on the publishing node (node 0), and on the other nodes. */
    final Recorder e2eNode1 = new Recorder(3);
    final Recorder e2eOtherNodes = new Recorder(3);

    void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<String, Long> errorCounts() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    long[] skippedCounts() {
        long[] out = new long[SKIP_REASONS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = skipped[i].sum();
        }
        return out;
    }

    /** Adds a {@code Skipped} message's counts. */
    void addSkipped(Wire.Reader reader, ByteBuf buf, int index, int length) {
        reader.reset(buf, index, length);
        while (reader.more()) {
            int tag = reader.tag();
            int field = tag >>> 3;
            if ((tag & 7) == Wire.VARINT && field >= 1 && field <= SKIP_REASONS.length) {
                long n = reader.varint();
                if (n > 0) {
                    skipped[field - 1].add(n);
                }
            } else {
                reader.skip(tag);
            }
        }
    }

    /** Records the latencies of one received entry ({@code Message} bytes) against {@code nowMicros}. */
    void sampleEntry(Wire.Reader reader, ByteBuf buf, int index, int length, long nowMicros) {
        sampleEntry(reader, buf, index, length, nowMicros, 0);
    }

    /** As {@link #sampleEntry(Wire.Reader, ByteBuf, int, int, long)} for a viewer on {@code node} (0: the publishing node). */
    void sampleEntry(Wire.Reader reader, ByteBuf buf, int index, int length, long nowMicros, int node) {
        reader.reset(buf, index, length);
        long published = -1;
        long createdAt = 0;
        long sentAt = 0;
        long priority = 0;
        while (reader.more()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case MESSAGE_PAYLOAD -> {
                    if ((tag & 7) != Wire.LEN) {
                        reader.skip(tag);
                        break;
                    }
                    int start = reader.lengthDelimited();
                    published = Payloads.publishedAt(buf, start, reader.lastLength(start));
                }
                case MESSAGE_PRIORITY -> priority = (tag & 7) == Wire.VARINT ? reader.varint() : skipZero(reader, tag);
                case MESSAGE_CREATED_AT -> createdAt = (tag & 7) == Wire.VARINT ? reader.varint() : skipZero(reader, tag);
                case MESSAGE_SENT_AT -> sentAt = (tag & 7) == Wire.VARINT ? reader.varint() : skipZero(reader, tag);
                default -> reader.skip(tag);
            }
        }
        record(published, createdAt, sentAt, priority == CRITICAL, nowMicros, node);
    }

    /** Records the latencies of an entry whose fields are already decoded (the client module's {@code Message}). */
    void record(long publishedMicros, long createdAtMillis, long sentAtMillis, boolean isCritical, long nowMicros) {
        record(publishedMicros, createdAtMillis, sentAtMillis, isCritical, nowMicros, 0);
    }

    private void record(long publishedMicros, long createdAtMillis, long sentAtMillis, boolean isCritical, long nowMicros,
                        int node) {
        if (publishedMicros <= 0) {
            return;
        }
        long endToEnd = Math.max(0, nowMicros - publishedMicros);
        e2e.recordValue(endToEnd);
        (node == 0 ? e2eNode1 : e2eOtherNodes).recordValue(endToEnd);
        if (isCritical) {
            critical.recordValue(endToEnd);
        }
        if (createdAtMillis > 0) {
            long created = createdAtMillis * 1_000;
            accept.recordValue(Math.max(0, created - publishedMicros));
            if (sentAtMillis > 0) {
                long sent = sentAtMillis * 1_000;
                window.recordValue(Math.max(0, sent - created));
                transport.recordValue(Math.max(0, nowMicros - sent));
            }
        }
    }

    private static long skipZero(Wire.Reader reader, int tag) {
        reader.skip(tag);
        return 0;
    }
}
