package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * The smallest HTTP/1.1 response reader that serves a keep-alive polling client: status line,
 * headers up to the empty line, then exactly {@code Content-Length} bytes of body, handed on as a
 * {@link Response} holding a retained slice (released by whoever reads it). Chunked answers are
 * refused (neither roomcast nor the bare server sends them for a fixed body); so is an answer
 * without a length, except those that never have a body (1xx, 204, 304).
 *
 * <p>Per-channel (not sharable): it remembers the head of a response whose body is still coming.
 */
final class HttpResponseDecoder extends ByteToMessageDecoder {
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** One response: the status, the body (a retained slice: release it) and whether the server will close. */
    record Response(int status, ByteBuf body, boolean close) {
    }

    /** What the head of a response says. */
    record Head(int status, long contentLength, boolean close, boolean chunked) {
    }

    private Head head;
    private int headBytes;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            if (head == null) {
                int end = endOfHead(in, start, in.writerIndex());
                if (end < 0) {
                    if (in.readableBytes() > MAX_HEAD_BYTES) {
                        throw new TooLongFrameException("HTTP response head over " + MAX_HEAD_BYTES + " bytes");
                    }
                    return;
                }
                Head parsed = parseHead(in, start, end);
                if (parsed.chunked() || parsed.contentLength() < 0) {
                    // The stream cannot be framed any further: drop it, the connection is closed by the caller.
                    in.skipBytes(in.readableBytes());
                    throw new DecoderException(parsed.chunked() ? "chunked HTTP answers are not supported by this client"
                            : "HTTP answer " + parsed.status() + " without Content-Length");
                }
                head = parsed;
                headBytes = end - start;
            }
            if (in.readableBytes() < headBytes + head.contentLength()) {
                return;
            }
            in.skipBytes(headBytes);
            ByteBuf body = in.readRetainedSlice((int) head.contentLength());
            out.add(new Response(head.status(), body, head.close()));
            head = null;
        }
    }

    /** The index just past the {@code CRLF CRLF} that ends the head in {@code buf[from, to)}, or -1. */
    static int endOfHead(ByteBuf buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r' && buf.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Reads the status line and the headers that matter of the head in {@code buf[from, to)}. */
    static Head parseHead(ByteBuf buf, int from, int to) {
        int lineEnd = lineEnd(buf, from, to);
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        int space = -1;
        for (int i = from; i < lineEnd; i++) {
            if (buf.getByte(i) == ' ') {
                space = i;
                break;
            }
        }
        if (space < 0 || space + 4 > lineEnd || !startsWith(buf, from, lineEnd, "HTTP/1.")) {
            throw new DecoderException("not an HTTP/1.x status line");
        }
        int status = 0;
        for (int i = space + 1; i < space + 4; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                throw new DecoderException("bad HTTP status code");
            }
            status = status * 10 + (b - '0');
        }
        boolean http10 = buf.getByte(from + 7) == '0';
        long length = status < 200 || status == 204 || status == 304 ? 0 : -1;
        boolean close = http10;
        boolean chunked = false;
        int line = lineEnd + 2;
        while (line < to) {
            int end = lineEnd(buf, line, to);
            if (end == line) {
                break;
            }
            if (startsWith(buf, line, end, "content-length:")) {
                length = number(buf, line + "content-length:".length(), end);
            } else if (startsWith(buf, line, end, "connection:")) {
                String value = value(buf, line + "connection:".length(), end);
                close = value.equalsIgnoreCase("close") || (http10 && !value.equalsIgnoreCase("keep-alive"));
            } else if (startsWith(buf, line, end, "transfer-encoding:")) {
                chunked = value(buf, line + "transfer-encoding:".length(), end).toLowerCase().contains("chunked");
            }
            line = end + 2;
        }
        return new Head(status, length, close, chunked);
    }

    private static int lineEnd(ByteBuf buf, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return to;
    }

    /** Case-insensitive ASCII prefix test; {@code prefix} is lower case. */
    private static boolean startsWith(ByteBuf buf, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int b = buf.getByte(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            int p = prefix.charAt(i);
            if (p >= 'A' && p <= 'Z') {
                p += 'a' - 'A';
            }
            if (b != p) {
                return false;
            }
        }
        return true;
    }

    private static long number(ByteBuf buf, int from, int to) {
        long value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte b = buf.getByte(i);
            if (b == ' ' || b == '\t') {
                if (digits > 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '9' || digits == 18) {
                throw new DecoderException("bad Content-Length");
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        if (digits == 0) {
            throw new DecoderException("empty Content-Length");
        }
        return value;
    }

    private static String value(ByteBuf buf, int from, int to) {
        return buf.toString(from, to - from, java.nio.charset.StandardCharsets.US_ASCII).trim();
    }
}
