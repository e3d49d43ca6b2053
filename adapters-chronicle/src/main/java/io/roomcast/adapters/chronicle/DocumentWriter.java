package io.roomcast.adapters.chronicle;

import com.google.protobuf.CodedOutputStream;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Scope;
import io.roomcast.protocol.codec.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes {@link StoredDocument}s into one array, reused from one document to the next and grown
 * when a document needs more: the protobuf is written in place, so a document costs neither an array
 * of its own nor the protobuf's. The Chronicle writer thread keeps one; {@link StoredDocument#encode}
 * uses a fresh one, so the format has one definition.
 *
 * <p>Not thread-safe: one per writing thread.
 */
final class DocumentWriter {
    private byte[] bytes = new byte[1024];
    private ByteBuffer out = wrap(bytes);
    private final CRC32C crc = new CRC32C();

    /** The array the last document was written at the start of (valid until the next write). */
    byte[] bytes() {
        return bytes;
    }

    /** Writes the document of {@code stored} at the start of {@link #bytes}; returns its length. */
    int write(Message stored) {
        if (!stored.isStored()) {
            throw new IllegalArgumentException("only a stored message has a document: " + stored.id());
        }
        io.roomcast.protocol.v1.Message proto = MessageCodec.toProto(stored);
        int protoSize = proto.getSerializedSize();
        String target = stored.scope() == Scope.ROOM ? stored.roomId().value()
                : stored.scope() == Scope.UNICAST ? stored.recipient().value() : "";
        String stateKey = stored.isState() ? stored.stateKey().value() : null;
        String key = stored.idempotencyKey() != null ? stored.idempotencyKey().value() : null;
        int size = StoredDocument.MIN_SIZE + target.length() + protoSize
                + (stateKey != null ? 1 + stateKey.length() + 8 : 0) + (key != null ? 1 + key.length() : 0);
        if (size > bytes.length) {
            bytes = new byte[Math.max(size, 2 * bytes.length)];
            out = wrap(bytes);
        }
        out.clear();
        out.put((byte) StoredDocument.FORMAT);
        out.put((byte) ((stateKey != null ? StoredDocument.FLAG_STATE : 0) | (key != null ? StoredDocument.FLAG_KEYED : 0)));
        out.put((byte) StoredDocument.scopeCode(stored.scope()));
        out.put((byte) (stored.category().ordinal() + 1));
        out.putLong(stored.position().seq());
        out.putLong(stored.position().millis());
        out.putLong(stored.createdAt());
        putShortString(target);
        if (stateKey != null) {
            putShortString(stateKey);
            out.putLong(stored.version());
        }
        if (key != null) {
            putShortString(key);
        }
        out.putInt(protoSize);
        try {
            CodedOutputStream protoOut = CodedOutputStream.newInstance(bytes, out.position(), protoSize);
            proto.writeTo(protoOut);
            protoOut.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("the message's protobuf did not fill its " + protoSize + " bytes", e);
        }
        out.position(out.position() + protoSize);
        crc.reset();
        crc.update(bytes, 0, out.position());
        out.putInt((int) crc.getValue());
        return out.position();
    }

    /** A length byte, then the id's characters (ASCII by the domain's rules). */
    private void putShortString(String ascii) {
        out.put((byte) ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            out.put((byte) ascii.charAt(i));
        }
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
