package io.roomcast.protocol.frame;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The long-connection frame format: a varint32 length prefix, then one encoded {@code ClientFrame}
 * or {@code ServerFrame}.
 *
 * <pre>
 *   ClientFrame{ping: Ping{}}      02 22 00     length 2, field 4 (ping) with 0 bytes
 *   ServerFrame{pong: Pong{}}      02 1a 00     length 2, field 3 (pong) with 0 bytes
 *   a 300-byte body                ac 02 ...    300 = 0x2c | 0x80, then 0x02
 * </pre>
 *
 * <p>Needs only protobuf (not the domain), so the client uses it as well. Stateless and
 * thread-safe.
 */
public final class Frames {
    /** The longest varint32 prefix, in bytes. */
    public static final int MAX_PREFIX_BYTES = 5;

    private Frames() {
    }

    /** One frame, prefix and body, in an array of exactly its size: ready to write as is. */
    public static byte[] encode(MessageLite frame) {
        int size = frame.getSerializedSize();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            stream.writeUInt32NoTag(size);
            frame.writeTo(stream);
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            // Writing into an array of the computed size cannot fail short of a protobuf bug.
            throw new UncheckedIOException("frame encoding into a sized array failed", e);
        }
        return out;
    }

    /** The number of bytes the varint32 prefix of a body of {@code bodySize} bytes takes (1-5). */
    public static int prefixSize(int bodySize) {
        return CodedOutputStream.computeUInt32SizeNoTag(bodySize);
    }
}
