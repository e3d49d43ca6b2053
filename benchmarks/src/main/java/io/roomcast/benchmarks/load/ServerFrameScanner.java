package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Walks the server's byte stream of a long connection (varint32 length, then one
 * {@code ServerFrame}) as it arrives, without decoding blocks into objects and without holding a
 * whole block: a block frame ({@code ServerFrame} field 2) is split into its fields, handed to the
 * {@link Sink} one at a time (header, each entry, skipped counts), so the most this scanner ever
 * copies is one field that straddles two reads (an entry: a few hundred bytes). Any other frame
 * (Welcome, Pong, Error, GoAway: small) is handed over whole.
 *
 * <pre>
 *   ServerFrame{block}:  [len varint] 12 [block len varint] 0a.. header  12.. entry  12.. entry ... 1a.. skipped
 * </pre>
 *
 * <p>Why not the {@code client} module's decoder: that parses every block into a {@code Block}
 * with one {@code Message} object per entry on every connection, which at 10,000 viewers of a
 * hot room is tens of millions of objects per second on the machine that also runs the server.
 *
 * <p>Per-connection, not thread-safe: feed it from the connection's event loop.
 */
final class ServerFrameScanner {
    /** Receives the parts of frames; indexes are absolute in {@code buf}, valid only during the call. */
    interface Sink {
        /** The block's header ({@code BlockHeader} bytes). */
        void header(ByteBuf buf, int index, int length);

        /** One entry of the block ({@code Message} bytes). */
        void entry(ByteBuf buf, int index, int length);

        /** The block's {@code Skipped} counts. */
        void skipped(ByteBuf buf, int index, int length);

        /** The block is complete. */
        void blockEnd();

        /** A whole non-block {@code ServerFrame} (its bytes, without the length prefix). */
        void otherFrame(ByteBuf buf, int index, int length);
    }

    private enum State { PREFIX, HEAD, BLOCK, SKIP }

    private static final int BLOCK_FIELD = 2;
    /** Largest frame accepted, as the client module's default. */
    static final long MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final Sink sink;
    private State state = State.PREFIX;
    private long frameLeft;
    private long blockLeft;
    private final Carry carry = new Carry();

    ServerFrameScanner(Sink sink) {
        this.sink = sink;
    }

    /** Consumes every readable byte of {@code in} (its reader index moves to its writer index). */
    void feed(ByteBuf in) {
        if (!carry.isEmpty() && !completeCarried(in)) {
            return;
        }
        while (in.isReadable()) {
            int at = in.readerIndex();
            int end = in.writerIndex();
            if (state == State.SKIP) {
                int n = (int) Math.min(frameLeft, end - at);
                in.skipBytes(n);
                frameLeft -= n;
                if (frameLeft == 0) {
                    state = State.PREFIX;
                }
                continue;
            }
            long size = itemSize(in, at, end);
            if (size < 0 || size > end - at) {
                carry.stash(in, at, end - at);
                in.skipBytes(end - at);
                return;
            }
            process(in, at, (int) size);
            in.skipBytes((int) size);
        }
    }

    /** Fills the carried partial item from {@code in} and processes it; false when {@code in} ran out first. */
    private boolean completeCarried(ByteBuf in) {
        ByteBuf held = carry.view();
        long size = itemSize(held, 0, carry.length());
        // Grow one byte at a time until the item's size is known (at most a tag and two varints), so
        // nothing beyond the item is ever copied.
        while (size < 0) {
            if (!in.isReadable()) {
                return false;
            }
            carry.append(in, 1);
            held = carry.view();
            size = itemSize(held, 0, carry.length());
        }
        int missing = (int) (size - carry.length());
        int take = Math.min(missing, in.readableBytes());
        carry.append(in, take);
        if (take < missing) {
            return false;
        }
        held = carry.view();
        carry.clear();
        process(held, 0, (int) size);
        return true;
    }

    /** The size of the next item in the current state, or -1 when it cannot be told yet. */
    private long itemSize(ByteBuf buf, int at, int end) {
        return switch (state) {
            case PREFIX -> Wire.varintSize(buf, at, end);
            case HEAD -> {
                int tagSize = Wire.varintSize(buf, at, end);
                if (tagSize < 0) {
                    yield -1;
                }
                long tag = Wire.varint(buf, at);
                if (tag != (BLOCK_FIELD << 3 | Wire.LEN)) {
                    yield frameLeft;
                }
                int lengthSize = Wire.varintSize(buf, at + tagSize, end);
                yield lengthSize < 0 ? -1 : tagSize + lengthSize;
            }
            case BLOCK -> Wire.fieldSize(buf, at, end);
            case SKIP -> throw new IllegalStateException("skip is streamed");
        };
    }

    private void process(ByteBuf buf, int at, int size) {
        switch (state) {
            case PREFIX -> {
                frameLeft = Wire.varint(buf, at);
                if (frameLeft > MAX_FRAME_BYTES) {
                    throw new CorruptedFrameException("server frame of " + frameLeft + " bytes");
                }
                state = frameLeft == 0 ? State.PREFIX : State.HEAD;
            }
            case HEAD -> {
                long tag = Wire.varint(buf, at);
                if (tag != (BLOCK_FIELD << 3 | Wire.LEN)) {
                    sink.otherFrame(buf, at, size);
                    frameLeft = 0;
                    state = State.PREFIX;
                    return;
                }
                blockLeft = Wire.varint(buf, at + Wire.varintSize(buf, at, at + size));
                frameLeft -= size;
                if (blockLeft > frameLeft) {
                    throw new CorruptedFrameException("block longer than its frame");
                }
                state = State.BLOCK;
                if (blockLeft == 0) {
                    endBlock();
                }
            }
            case BLOCK -> {
                int tagSize = Wire.varintSize(buf, at, at + size);
                int tag = (int) Wire.varint(buf, at);
                if ((tag & 7) == Wire.LEN) {
                    int lengthSize = Wire.varintSize(buf, at + tagSize, at + size);
                    int content = at + tagSize + lengthSize;
                    int length = size - tagSize - lengthSize;
                    switch (tag >>> 3) {
                        case 1 -> sink.header(buf, content, length);
                        case 2 -> sink.entry(buf, content, length);
                        case 3 -> sink.skipped(buf, content, length);
                        default -> {
                            // A field this scanner does not know: skipped, as protobuf readers do.
                        }
                    }
                }
                blockLeft -= size;
                frameLeft -= size;
                if (blockLeft < 0) {
                    throw new CorruptedFrameException("block field runs past its block");
                }
                if (blockLeft == 0) {
                    endBlock();
                }
            }
            case SKIP -> throw new IllegalStateException("skip is streamed");
        }
    }

    private void endBlock() {
        sink.blockEnd();
        state = frameLeft > 0 ? State.SKIP : State.PREFIX;
    }
}
