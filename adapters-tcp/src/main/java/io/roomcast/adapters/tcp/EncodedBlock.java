package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.roomcast.domain.block.Block;
import io.roomcast.protocol.codec.BlockCodec;

/**
 * A block and its complete frame (varint32 prefix + {@code ServerFrame{block}}), encoded once.
 * The frame is reference-counted: whoever holds an {@code EncodedBlock} owns one reference and
 * releases it (or hands it on). The domain block stays alongside so that a slow viewer's pending
 * blocks can be merged and re-encoded for that viewer alone; such a merged block has no frame
 * ({@code null}) until it is written.
 */
final class EncodedBlock {
    final Block block;
    final ByteBuf frame;

    EncodedBlock(Block block, ByteBuf frame) {
        this.block = block;
        this.frame = frame;
    }

    /** Encodes {@code block} into a new buffer from {@code alloc}; the caller owns its one reference. */
    static EncodedBlock encode(Block block, ByteBufAllocator alloc) {
        byte[] bytes = BlockCodec.encodeFrame(block);
        ByteBuf frame = alloc.directBuffer(bytes.length, bytes.length);
        frame.writeBytes(bytes);
        return new EncodedBlock(block, frame);
    }

    /** Another holder of the same bytes with its own indexes; it owns one more reference, which it must release. */
    EncodedBlock retainedDuplicate() {
        // Released by whoever receives the returned EncodedBlock (a loop's deliver or a pending queue).
        return new EncodedBlock(block, frame.retainedDuplicate());
    }

    void release() {
        if (frame != null) {
            frame.release();
        }
    }
}
