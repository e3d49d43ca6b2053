package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ServerFrame;

/**
 * Writes a {@link ServerFrame} (Welcome, Pong, Error, GoAway) as one frame: the varint32 length
 * prefix, then the encoded frame. Blocks are written as ready-made frame buffers and pass through
 * untouched (each block is encoded once per node and copied once per event loop, prefix included, by {@code LoopOutput}).
 *
 * <pre>
 *   ServerFrame{pong: Pong{}}   02 1a 00    length 2; field 3 (pong), wire type 2, 0 bytes
 * </pre>
 *
 * <p>{@link Sharable}: stateless.
 */
@Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<ServerFrame> {
    static final ServerFrameEncoder INSTANCE = new ServerFrameEncoder();

    private ServerFrameEncoder() {
        super(ServerFrame.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ServerFrame frame, boolean preferDirect) {
        int size = frame.getSerializedSize();
        int total = Frames.prefixSize(size) + size;
        return preferDirect ? ctx.alloc().ioBuffer(total) : ctx.alloc().heapBuffer(total);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ServerFrame frame, ByteBuf out) {
        // Control frames are small and rare; Frames.encode is the one definition of the format.
        out.writeBytes(Frames.encode(frame));
    }
}
