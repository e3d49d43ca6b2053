package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * One guest's place in its room's slices, for {@link Pollers} in {@link Pollers.Mode#SLICES}: the
 * slices contract's client algorithm. Ask for the head ({@code SliceHead}); a new guest starts at
 * the newest closed slice; fetch each slice ({@code Slice}) from the next one up to the head's, one
 * after the other; more than 10 behind, jump to head - 9; then ask for the head again after its
 * {@code poll_after_ms}. Protobuf answers are walked without building objects, as the pollers do.
 * Per poller, on its event loop.
 */
final class SliceWalk {
    private static final int HEAD_SLICE = 2;
    private static final int HEAD_POLL_AFTER = 4;
    private static final int SLICE_MESSAGES = 2;
    private static final int SLICE_SKIPPED = 3;
    private static final int MAX_BEHIND = 10;
    private static final long RETRY_MILLIS = 1_000;

    private final String headPath;
    private long next = -1;
    private long head = -1;
    private long pollAfterMs = RETRY_MILLIS;
    private boolean askingHead = true;

    SliceWalk(String room) {
        this.headPath = "/api/v1/rooms/" + room + "/slices";
    }

    /** The path of the next request: the head, or the next slice due. */
    String path() {
        return askingHead ? headPath : headPath + "/" + next;
    }

    /**
     * Takes the answer to {@link #path()}: counts a slice's messages and skipped into {@code stats}
     * (sampling publish times when {@code sampled}); returns how long to wait before the next
     * request (0: at once).
     */
    long answered(int status, ByteBuf body, Wire.Reader reader, Wire.Reader entryReader, DeliveryStats stats,
            boolean sampled) {
        if (askingHead) {
            if (status != 200) {
                return RETRY_MILLIS;
            }
            readHead(body, reader);
            if (next < 0) {
                next = head;
            } else if (head - next + 1 > MAX_BEHIND) {
                next = head - MAX_BEHIND + 1;
            }
        } else if (status == 200) {
            readSlice(body, reader, entryReader, stats, sampled);
            next++;
        } else if (status == 410) {
            next++;
        } else {
            askingHead = true;
            return RETRY_MILLIS;
        }
        askingHead = next > head;
        return askingHead ? pollAfterMs : 0;
    }

    private void readHead(ByteBuf body, Wire.Reader reader) {
        reader.reset(body, body.readerIndex(), body.readableBytes());
        while (reader.more()) {
            int tag = reader.tag();
            if (tag >>> 3 == HEAD_SLICE && (tag & 7) == Wire.VARINT) {
                head = reader.varint();
            } else if (tag >>> 3 == HEAD_POLL_AFTER && (tag & 7) == Wire.VARINT) {
                pollAfterMs = Math.max(1, reader.varint());
            } else {
                reader.skip(tag);
            }
        }
    }

    private static void readSlice(ByteBuf body, Wire.Reader reader, Wire.Reader entryReader, DeliveryStats stats,
            boolean sampled) {
        long nowMicros = sampled ? Payloads.nowMicros() : 0;
        int messages = 0;
        reader.reset(body, body.readerIndex(), body.readableBytes());
        while (reader.more()) {
            int tag = reader.tag();
            if (tag >>> 3 == SLICE_MESSAGES && (tag & 7) == Wire.LEN) {
                int start = reader.lengthDelimited();
                messages++;
                if (sampled) {
                    stats.sampleEntry(entryReader, body, start, reader.lastLength(start), nowMicros);
                }
            } else if (tag >>> 3 == SLICE_SKIPPED && (tag & 7) == Wire.LEN) {
                int start = reader.lengthDelimited();
                stats.addSkipped(entryReader, body, start, reader.lastLength(start));
            } else {
                reader.skip(tag);
            }
        }
        stats.entries.add(messages);
        stats.blocks.increment();
    }
}
