package io.roomcast.protocol.codec;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ServerFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Domain {@link Block} to and from {@code roomcast.v1.Block}, and to the complete
 * {@code ServerFrame} bytes (varint32 prefix included), so the push path encodes a block once and
 * writes the same array to every viewer of the room.
 *
 * <p>Entries of the header's room leave out {@code room_id}; decoding puts it back. A header
 * without a room (a block of broadcasts) or without a cursor maps to an empty string and back.
 * Stateless and thread-safe.
 */
public final class BlockCodec {
    private BlockCodec() {
    }

    public static io.roomcast.protocol.v1.Block toProto(Block block) {
        RoomcastException.required(block, "block");
        BlockHeader header = block.header();
        io.roomcast.protocol.v1.BlockHeader.Builder h = io.roomcast.protocol.v1.BlockHeader.newBuilder()
                .setSentAt(header.sentAt());
        if (header.roomId() != null) {
            h.setRoomId(header.roomId().value());
        }
        if (header.through() != null) {
            h.setCursor(header.through().encode());
        }
        io.roomcast.protocol.v1.Block.Builder b = io.roomcast.protocol.v1.Block.newBuilder()
                .setHeader(h)
                .setSkipped(SkippedCodec.toProto(block.skipped()));
        for (Message entry : block.entries()) {
            b.addEntries(MessageCodec.toProto(entry, header.roomId()));
        }
        for (Message state : block.states()) {
            b.addStates(MessageCodec.toProto(state, header.roomId()));
        }
        return b.build();
    }

    /** The block as one {@code ServerFrame{block}} with its varint32 length prefix: ready to write. */
    public static byte[] encodeFrame(Block block) {
        return Frames.encode(ServerFrame.newBuilder().setBlock(toProto(block)).build());
    }

    /** The block as one {@code ServerFrame{block}} without framing: one WebSocket message, or the body of a TCP frame. */
    public static byte[] encodeServerFrame(Block block) {
        return ServerFrame.newBuilder().setBlock(toProto(block)).build().toByteArray();
    }

    /** The domain block of a proto; validates like {@link MessageCodec#fromProto}. */
    public static Block fromProto(io.roomcast.protocol.v1.Block proto) {
        RoomcastException.required(proto, "block");
        if (!proto.hasHeader()) {
            throw RoomcastException.invalid("header", "is required");
        }
        io.roomcast.protocol.v1.BlockHeader h = proto.getHeader();
        RoomId room = h.getRoomId().isEmpty() ? null : RoomId.of(h.getRoomId());
        Cursor through = h.getCursor().isEmpty() ? null : Cursor.parse(h.getCursor());
        List<Message> entries = new ArrayList<>(proto.getEntriesCount());
        for (io.roomcast.protocol.v1.Message entry : proto.getEntriesList()) {
            entries.add(MessageCodec.fromProto(entry, room));
        }
        if (h.getSentAt() < 0) {
            throw RoomcastException.invalid("header.sentAt", "must not be negative");
        }
        List<Message> states = new ArrayList<>(proto.getStatesCount());
        for (io.roomcast.protocol.v1.Message state : proto.getStatesList()) {
            states.add(MessageCodec.fromProto(state, room));
        }
        return new Block(new BlockHeader(room, through, h.getSentAt()), entries,
                SkippedCodec.fromProto(proto.getSkipped()), states);
    }
}
