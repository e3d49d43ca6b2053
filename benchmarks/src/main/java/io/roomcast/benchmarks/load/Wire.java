package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to walk roomcast's frames without building objects:
 * varints (base 128, low group first: {@code ac 02} is 300), tags ({@code field << 3 | wireType})
 * and the sizes of whole fields, over absolute indexes of a {@link ByteBuf} (reader index
 * untouched). Stateless; {@link Reader} is a reusable cursor, not thread-safe.
 */
final class Wire {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;
    private static final int MAX_VARINT_BYTES = 10;

    private Wire() {
    }

    /** The size of the varint at {@code index}, or -1 when it does not end before {@code end}. */
    static int varintSize(ByteBuf buf, int index, int end) {
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (index + i >= end) {
                return -1;
            }
            if (buf.getByte(index + i) >= 0) {
                return i + 1;
            }
        }
        throw new CorruptedFrameException("varint longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /** The varint at {@code index}; it must be complete. */
    static long varint(ByteBuf buf, int index) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf.getByte(index++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
            if (shift >= 63) {
                throw new CorruptedFrameException("varint longer than " + MAX_VARINT_BYTES + " bytes");
            }
        }
    }

    /**
     * The size of the whole field (tag, length prefix, content) starting at {@code index}, or -1
     * when its tag and length are not complete before {@code end}. The content itself may go past
     * {@code end}: the caller compares.
     */
    static long fieldSize(ByteBuf buf, int index, int end) {
        int tagSize = varintSize(buf, index, end);
        if (tagSize < 0) {
            return -1;
        }
        int wireType = (int) varint(buf, index) & 7;
        int at = index + tagSize;
        return switch (wireType) {
            case VARINT -> {
                int size = varintSize(buf, at, end);
                yield size < 0 ? -1 : tagSize + size;
            }
            case FIXED64 -> tagSize + 8;
            case FIXED32 -> tagSize + 4;
            case LEN -> {
                int size = varintSize(buf, at, end);
                yield size < 0 ? -1 : tagSize + size + varint(buf, at);
            }
            default -> throw new CorruptedFrameException("unsupported protobuf wire type " + wireType);
        };
    }

    /** A cursor over the fields of one message in {@code buf[from, from + length)}. */
    static final class Reader {
        private ByteBuf buf;
        private int pos;
        private int end;

        Reader reset(ByteBuf source, int from, int length) {
            this.buf = source;
            this.pos = from;
            this.end = from + length;
            return this;
        }

        boolean more() {
            return pos < end;
        }

        /** The next tag; then read or {@link #skip} its value. */
        int tag() {
            int tag = (int) varint();
            if (tag == 0) {
                throw new CorruptedFrameException("protobuf tag 0");
            }
            return tag;
        }

        long varint() {
            int size = varintSize(buf, pos, end);
            if (size < 0) {
                throw new CorruptedFrameException("truncated varint");
            }
            long value = Wire.varint(buf, pos);
            pos += size;
            return value;
        }

        /** Reads a length prefix and returns the content's start index; the cursor moves past the content. */
        int lengthDelimited() {
            int length = (int) varint();
            int start = pos;
            if (length < 0 || start + length > end) {
                throw new CorruptedFrameException("length-delimited field runs past its message");
            }
            pos += length;
            return start;
        }

        /** The length of the field whose content {@link #lengthDelimited} just returned. */
        int lastLength(int start) {
            return pos - start;
        }

        String string() {
            int start = lengthDelimited();
            return buf.toString(start, pos - start, StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case VARINT -> varint();
                case FIXED64 -> pos += 8;
                case FIXED32 -> pos += 4;
                case LEN -> lengthDelimited();
                default -> throw new CorruptedFrameException("unsupported protobuf wire type " + (tag & 7));
            }
            if (pos > end) {
                throw new CorruptedFrameException("field runs past its message");
            }
        }

        ByteBuf buf() {
            return buf;
        }
    }
}
