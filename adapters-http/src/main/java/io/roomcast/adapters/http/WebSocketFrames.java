package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.block.Block;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket subprotocols and how each carries frames: one WebSocket message is one frame, with
 * no length prefix.
 * <ul>
 *   <li>{@value #BINARY} (also when the client asks for none): binary messages, each one
 *       {@code ClientFrame} or {@code ServerFrame} in protobuf bytes. A room's block is the same
 *       bytes for every viewer, encoded once per node (the TCP port's encoding without its prefix).</li>
 *   <li>{@value #JSON}: text messages, each a frame in protobuf's JSON mapping
 *       ({@code {"hello":{"token":"...","roomId":"r1"}}}, {@code {"ping":{}}}); a block is written as the
 *       HTTP answers write blocks (a JSON payload embedded as JSON, int64 as numbers), inside
 *       {@code {"block":...}}. For scripts and debugging: encoded per viewer.</li>
 * </ul>
 * Stateless; the JSON writer is per connection.
 */
final class WebSocketFrames {
    static final String BINARY = "roomcast.v1";
    static final String JSON = "roomcast.json";

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final byte[] BLOCK_OPEN = "{\"block\":".getBytes(StandardCharsets.US_ASCII);

    private WebSocketFrames() {
    }

    static boolean isJson(String subprotocol) {
        return JSON.equals(subprotocol);
    }

    /** A binary message's frame. */
    static ClientFrame parseBinary(ByteBuffer[] data) throws InvalidProtocolBufferException {
        int size = 0;
        for (ByteBuffer b : data) {
            size += b.remaining();
        }
        if (data.length == 1) {
            return ClientFrame.parseFrom(data[0]);
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : data) {
            all.put(b);
        }
        return ClientFrame.parseFrom(all.flip());
    }

    /** A text message's frame (protobuf's JSON mapping, unknown fields refused). */
    static ClientFrame parseJson(String text) throws InvalidProtocolBufferException {
        ClientFrame.Builder frame = ClientFrame.newBuilder();
        PARSER.merge(text, frame);
        return frame.build();
    }

    /** A control frame (Welcome, Pong, Error, GoAway) as JSON text. */
    static String json(ServerFrame frame) {
        try {
            return PRINTER.print(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a ServerFrame that cannot be printed as JSON: " + frame, e);
        }
    }

    /** A block as a JSON text message, written into {@code json} (reset first). */
    static ByteBuffer jsonBlock(JsonMessages json, Block block) {
        json.reset();
        json.block(block);
        ByteBuffer out = ByteBuffer.allocate(BLOCK_OPEN.length + json.length() + 1);
        out.put(BLOCK_OPEN).put(json.array(), 0, json.length()).put((byte) '}');
        return out.flip();
    }

    /** The shared protobuf bytes of a block's {@code ServerFrame} (no prefix), encoded once per node. */
    static byte[] binaryBlock(io.roomcast.domain.block.Outgoing block) {
        return block.isShared() ? block.encoded(BlockCodec::encodeServerFrame)
                : BlockCodec.encodeServerFrame(block.block());
    }
}
