package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The bytes of the one partial item a stream scanner ({@link ServerFrameScanner}, {@link RespReader})
 * holds when an item straddles two reads: copied out of the read buffer (which is released after
 * the read), grown as needed. Per-connection, not thread-safe.
 */
final class Carry {
    private byte[] bytes = new byte[256];
    private int length;

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Holds {@code in[at, at + n)} instead of what was held; {@code in}'s indexes do not move. */
    void stash(ByteBuf in, int at, int n) {
        ensure(n);
        in.getBytes(at, bytes, 0, n);
        length = n;
    }

    /** Moves {@code n} bytes from {@code in}'s reader index to the end of what is held. */
    void append(ByteBuf in, int n) {
        ensure(length + n);
        in.readBytes(bytes, length, n);
        length += n;
    }

    /** What is held, as a heap buffer over the same bytes (nothing to release): valid until the next change. */
    ByteBuf view() {
        return Unpooled.wrappedBuffer(bytes, 0, length);
    }

    void clear() {
        length = 0;
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            byte[] bigger = new byte[Math.max(needed, bytes.length * 2)];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
    }
}
