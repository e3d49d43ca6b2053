package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The two Redis commands the pub/sub baseline sends, written as RESP arrays of bulk strings:
 *
 * <pre>
 *   SUBSCRIBE room        *2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nroom\r\n
 *   PUBLISH room hello    *3\r\n$7\r\nPUBLISH\r\n$4\r\nroom\r\n$5\r\nhello\r\n
 * </pre>
 *
 * Stateless.
 */
final class RespCommands {
    private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLISH = "PUBLISH".getBytes(StandardCharsets.US_ASCII);

    private RespCommands() {
    }

    static void subscribe(ByteBuf out, byte[] channel) {
        arrayHeader(out, 2);
        bulk(out, SUBSCRIBE);
        bulk(out, channel);
    }

    static void publish(ByteBuf out, byte[] channel, byte[] message) {
        arrayHeader(out, 3);
        bulk(out, PUBLISH);
        bulk(out, channel);
        bulk(out, message);
    }

    private static void arrayHeader(ByteBuf out, int elements) {
        out.writeByte('*');
        numberLine(out, elements);
    }

    private static void bulk(ByteBuf out, byte[] bytes) {
        out.writeByte('$');
        numberLine(out, bytes.length);
        out.writeBytes(bytes);
        out.writeByte('\r').writeByte('\n');
    }

    private static void numberLine(ByteBuf out, int n) {
        out.writeCharSequence(Integer.toString(n), StandardCharsets.US_ASCII);
        out.writeByte('\r').writeByte('\n');
    }
}
