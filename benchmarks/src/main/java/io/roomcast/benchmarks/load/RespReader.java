package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Walks a Redis connection's byte stream (RESP2) as it arrives and hands what a pub/sub client
 * and a publisher need to a {@link Sink}, without building objects: the payload of each
 * {@code message} push (as indexes into the read buffer), the count of a {@code subscribe}
 * confirmation, integer replies ({@code PUBLISH}'s receivers) and error replies. Any other reply
 * is passed over. Frames may come split over reads and several to a read; only a frame that
 * straddles two reads is copied (one push: a few hundred bytes). Like {@link ServerFrameScanner}
 * and for the same reason: 10,000 subscribers of a busy channel must not cost an object per delivery.
 *
 * <pre>
 *   *3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$5\r\nhello\r\n   -> message(index and length of "hello")
 *   *3\r\n$9\r\nsubscribe\r\n$4\r\nroom\r\n:1\r\n         -> subscribed(1)
 *   :10000\r\n                                           -> integer(10000)
 *   -ERR max number of clients reached\r\n               -> error("ERR max number of clients reached")
 * </pre>
 *
 * <p>Per-connection, not thread-safe: feed it from the connection's event loop.
 */
final class RespReader {
    /** Receives what the frames say; indexes are absolute in {@code buf}, valid only during the call. */
    interface Sink {
        /** The payload of a {@code message} push. */
        void message(ByteBuf buf, int index, int length);

        /** A {@code subscribe} confirmation: the connection is now subscribed to {@code channels} channels. */
        void subscribed(long channels);

        /** An integer reply. */
        void integer(long value);

        /** An error reply, without its leading '-'. */
        void error(String text);
    }

    private enum Kind { MESSAGE, SUBSCRIBED, INTEGER, ERROR, OTHER }

    /** Largest bulk string accepted, as the load generator's other frames. */
    static final long MAX_BULK_BYTES = 16 * 1024 * 1024;
    /** Longest header line (a type byte and a number) before its CRLF, or error text. */
    private static final int MAX_LINE = 4_096;
    /** Pub/sub pushes have 3 or 4 elements; anything longer is not for this reader. */
    private static final int MAX_ELEMENTS = 64;
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIBE = "subscribe".getBytes(StandardCharsets.US_ASCII);

    private final Sink sink;
    private final Carry carry = new Carry();
    // What the last complete scan found: its kind, and where its parts are in the scanned buffer.
    private Kind kind;
    private long number;
    private int partIndex;
    private int partLength;

    RespReader(Sink sink) {
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
            long size = scan(in, at, end);
            if (size < 0) {
                carry.stash(in, at, end - at);
                in.skipBytes(end - at);
                return;
            }
            dispatch(in);
            in.skipBytes((int) size);
        }
    }

    /** Fills the carried partial frame from {@code in} and hands it over; false when {@code in} ran out first. */
    private boolean completeCarried(ByteBuf in) {
        while (true) {
            ByteBuf held = carry.view();
            long size = scan(held, 0, carry.length());
            if (size > 0) {
                carry.clear();
                dispatch(held);
                return true;
            }
            if (!in.isReadable()) {
                return false;
            }
            // -size is what the frame lacks at the least, so nothing beyond the frame is ever copied.
            carry.append(in, (int) Math.min(-size, in.readableBytes()));
        }
    }

    private void dispatch(ByteBuf buf) {
        switch (kind) {
            case MESSAGE -> sink.message(buf, partIndex, partLength);
            case SUBSCRIBED -> sink.subscribed(number);
            case INTEGER -> sink.integer(number);
            case ERROR -> sink.error(buf.toString(partIndex, partLength, StandardCharsets.UTF_8));
            case OTHER -> {
                // Not asked for by a subscriber or a publisher (OK, PONG, other pushes): passed over.
            }
        }
    }

    /** The size of the whole frame at {@code at}, noting its parts; or minus the bytes it lacks at the least. */
    private long scan(ByteBuf buf, int at, int end) {
        int next = lineEnd(buf, at, end);
        if (next < 0) {
            return -1;
        }
        kind = Kind.OTHER;
        switch (buf.getByte(at)) {
            case ':' -> {
                kind = Kind.INTEGER;
                number = number(buf, at + 1, next);
                return next - at;
            }
            case '-' -> {
                kind = Kind.ERROR;
                partIndex = at + 1;
                partLength = next - 2 - partIndex;
                return next - at;
            }
            case '+' -> {
                return next - at;
            }
            case '$' -> {
                long length = number(buf, at + 1, next);
                long after = length < 0 ? next : bulkEnd(next, length);
                return after > end ? end - after : after - at;
            }
            case '*' -> {
                return array(buf, at, next, end);
            }
            default -> throw new CorruptedFrameException("not a RESP frame: starts with byte " + buf.getByte(at));
        }
    }

    /** A flat array of bulk strings and integers (what pub/sub pushes are), from its header line ending at {@code next}. */
    private long array(ByteBuf buf, int at, int next, int end) {
        long count = number(buf, at + 1, next);
        if (count > MAX_ELEMENTS) {
            throw new CorruptedFrameException("RESP array of " + count + " elements");
        }
        boolean message = false;
        boolean subscribe = false;
        int pos = next;
        for (int i = 0; i < count; i++) {
            int lineNext = lineEnd(buf, pos, end);
            if (lineNext < 0) {
                return -1;
            }
            byte type = buf.getByte(pos);
            if (type != ':' && type != '$') {
                throw new CorruptedFrameException("RESP array element of type " + (char) type + ": pub/sub pushes are flat");
            }
            long value = number(buf, pos + 1, lineNext);
            if (type == ':') {
                number = value;
                pos = lineNext;
                continue;
            }
            long after = value < 0 ? lineNext : bulkEnd(lineNext, value);
            if (after > end) {
                return end - after;
            }
            if (i == 0) {
                message = equalTo(buf, lineNext, value, MESSAGE);
                subscribe = equalTo(buf, lineNext, value, SUBSCRIBE);
            } else if (i == 2 && message) {
                partIndex = lineNext;
                partLength = (int) value;
            }
            pos = (int) after;
        }
        kind = count == 3 && message ? Kind.MESSAGE : count == 3 && subscribe ? Kind.SUBSCRIBED : Kind.OTHER;
        return pos - at;
    }

    /** Where a bulk string of {@code length} bytes starting at {@code from} ends, its CRLF included. */
    private static long bulkEnd(int from, long length) {
        if (length > MAX_BULK_BYTES) {
            throw new CorruptedFrameException("RESP bulk string of " + length + " bytes");
        }
        return from + length + 2;
    }

    /** The index after the LF that ends the line at {@code from}, or -1 when it has not all arrived. */
    private static int lineEnd(ByteBuf buf, int from, int end) {
        int lf = from < end ? buf.forEachByte(from, end - from, ByteProcessor.FIND_LF) : -1;
        if (lf < 0) {
            if (end - from > MAX_LINE) {
                throw new CorruptedFrameException("RESP line longer than " + MAX_LINE + " bytes");
            }
            return -1;
        }
        if (lf == from || buf.getByte(lf - 1) != '\r') {
            throw new CorruptedFrameException("RESP line not ended by CRLF");
        }
        return lf + 1;
    }

    /** The signed decimal from {@code from} up to the CRLF before {@code next}. */
    private static long number(ByteBuf buf, int from, int next) {
        int to = next - 2;
        boolean negative = from < to && buf.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            throw new CorruptedFrameException("RESP number of " + (to - from) + " characters");
        }
        long value = 0;
        for (; i < to; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                throw new CorruptedFrameException("RESP number with byte " + b);
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }

    private static boolean equalTo(ByteBuf buf, int index, long length, byte[] word) {
        if (length != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (buf.getByte(index + i) != word[i]) {
                return false;
            }
        }
        return true;
    }
}
