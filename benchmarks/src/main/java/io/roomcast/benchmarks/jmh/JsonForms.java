package io.roomcast.benchmarks.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.message.Message;
import io.roomcast.protocol.json.JsonMessages;
import java.nio.charset.StandardCharsets;

/**
 * The two JSON forms of the same content that the codec benchmarks and the size table compare
 * with protobuf:
 * <ul>
 *   <li><b>wire JSON</b>: what roomcast sends over HTTP, written by {@link JsonMessages}; the JSON
 *       payload is embedded as JSON and int64 fields are numbers;</li>
 *   <li><b>canonical JSON</b>: protobuf's own proto3 JSON mapping of the same {@code roomcast.v1}
 *       proto, printed by {@code JsonFormat.printer().omittingInsignificantWhitespace()}; the
 *       payload is base64 and int64 fields are strings. It is what {@code JsonFormat.parser()}
 *       reads, so it is the input of the {@code decodeJsonFormat} benchmarks.</li>
 * </ul>
 */
final class JsonForms {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private JsonForms() {
    }

    static byte[] wire(Message message) {
        return new JsonMessages().message(message).toByteArray();
    }

    static byte[] wire(Block block) {
        return new JsonMessages().block(block).toByteArray();
    }

    static byte[] canonical(MessageOrBuilder proto) {
        try {
            return PRINTER.print(proto).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("JsonFormat cannot print " + proto.getDescriptorForType().getFullName(), e);
        }
    }
}
