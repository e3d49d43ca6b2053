package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the inbound byte stream into frame bodies: a varint32 length prefix (protobuf base-128,
 * least significant group first, 1-5 bytes) and then that many bytes.
 *
 * <pre>
 *   06 12 04 0a 02 72 31     length 6, then ClientFrame{join: Join{room_id: "r1"}}
 *   ac 02 ...                length 300 (0x2c | 0x80 = 0xac, then 300 >> 7 = 0x02), then 300 bytes
 *   80 80 80 80 80 01        refused: a sixth prefix byte (malformed)
 *   81 80 80 08              refused at once when over the limit: 16 MiB + 1, without waiting for the body
 * </pre>
 *
 * <p>A malformed prefix raises {@link CorruptedFrameException} and a length over
 * {@code maxFrameBytes} raises {@link TooLongFrameException}, as soon as the prefix is read; the
 * session handler answers {@code Error{BAD_FRAME}} and closes. After that every further byte is
 * discarded unread. Each body is emitted as a retained slice, released by the protobuf decoder
 * after parsing.
 *
 * <p>Per-channel (not sharable): it keeps the partial frame and the failed flag of one connection.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;

    private final int maxFrameBytes;
    private boolean failed;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        long length = 0;
        for (int i = 0; ; i++) {
            if (i == MAX_PREFIX_BYTES) {
                throw fail(in, new CorruptedFrameException("malformed length prefix: more than 5 varint bytes"));
            }
            if (!in.isReadable()) {
                in.readerIndex(start);
                return;
            }
            byte b = in.readByte();
            length |= (long) (b & 0x7f) << (7 * i);
            if (length > maxFrameBytes) {
                throw fail(in, new TooLongFrameException("frame of " + (b < 0 ? "at least " : "") + length
                        + " bytes is over the limit of " + maxFrameBytes));
            }
            if (b >= 0) {
                break;
            }
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return;
        }
        // Released by the protobuf decoder (MessageToMessageDecoder releases its input after decode).
        out.add(in.readRetainedSlice((int) length));
    }

    private RuntimeException fail(ByteBuf in, RuntimeException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return e;
    }
}
