package io.roomcast.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the server's byte stream into frame bodies: a varint32 length prefix (1-5 bytes, base
 * 128, low group first), then that many bytes; {@code 02 1a 00} is a 2-byte body holding
 * {@code ServerFrame{pong}}. A malformed prefix or one over {@code maxFrameBytes} fails the
 * connection (which then reconnects). Each body is a retained slice released by the protobuf
 * decoder.
 *
 * <p>Per-channel (not sharable): it keeps a partial frame.
 */
final class BoundedVarint32FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    BoundedVarint32FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        long length = 0;
        for (int i = 0; ; i++) {
            if (i == 5) {
                in.skipBytes(in.readableBytes());
                throw new CorruptedFrameException("malformed frame length prefix from the server");
            }
            if (!in.isReadable()) {
                in.readerIndex(start);
                return;
            }
            byte b = in.readByte();
            length |= (long) (b & 0x7f) << (7 * i);
            if (length > maxFrameBytes) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("server frame over " + maxFrameBytes + " bytes");
            }
            if (b >= 0) {
                break;
            }
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return;
        }
        // Released by the protobuf decoder after parsing.
        out.add(in.readRetainedSlice((int) length));
    }
}
