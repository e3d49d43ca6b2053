package io.roomcast.adapters.chronicle;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.Scope;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.testing.TestMessages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** One reused writer gives exactly the bytes of the encoder before DocumentWriter (copied here as the oracle). */
class DocumentWriterTest {
    @Test
    void reusedWriter_givesTheOldEncodersBytes_forDocumentsOfEverySizeInTurn() {
        DocumentWriter writer = new DocumentWriter();
        Message[] messages = {
            chat(room("r1"), 5).storedAt(new Position(7, 1)),
            padded(5_000, 4),
            withKey(state(room("r-2"), "pk.score", 9, 5), "order-1").storedAt(new Position(8, 2)),
            padded(900, 6),
            padded(20_000, 7),
            toUser(user("alice"), 5).storedAt(new Position(9, 3)),
            TestMessages.broadcast(5).storedAt(new Position(10, 5)),
            padded(1, 8),
        };
        for (Message m : messages) {
            int length = writer.write(m);
            assertThat(Arrays.copyOf(writer.bytes(), length)).isEqualTo(oldEncode(m));
        }
    }

    /** A document over the fresh writer's first array (encode once read the array before the write grew it: zeros). */
    @Test
    void encode_ofADocumentOver1024Bytes_givesTheOldEncodersBytes() {
        Message big = padded(2_000, 9);
        assertThat(StoredDocument.encode(big)).isEqualTo(oldEncode(big));
    }

    private static Message padded(int n, long seq) {
        return new Message(MessageId.of("m-" + n), Scope.ROOM, room("r" + n), null, Category.GIFT, Priority.HIGH,
                user("fan"), 500, Payload.json("{\"pad\":\"" + "x".repeat(n) + "\"}"), 7, 0, null, 0, null, null)
                .storedAt(new Position(7, seq));
    }

    /** StoredDocument.encode as it was before 2cb3b40. */
    private static byte[] oldEncode(Message stored) {
        byte[] payload = MessageCodec.encode(stored);
        byte[] target = ascii(stored.scope() == Scope.ROOM ? stored.roomId().value()
                : stored.scope() == Scope.UNICAST ? stored.recipient().value() : "");
        byte[] stateKey = stored.isState() ? ascii(stored.stateKey().value()) : null;
        byte[] key = stored.idempotencyKey() != null ? ascii(stored.idempotencyKey().value()) : null;
        int size = StoredDocument.MIN_SIZE + target.length + payload.length
                + (stateKey != null ? 1 + stateKey.length + 8 : 0) + (key != null ? 1 + key.length : 0);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) StoredDocument.FORMAT);
        out.put((byte) ((stateKey != null ? StoredDocument.FLAG_STATE : 0) | (key != null ? StoredDocument.FLAG_KEYED : 0)));
        out.put((byte) StoredDocument.scopeCode(stored.scope()));
        out.put((byte) (stored.category().ordinal() + 1));
        out.putLong(stored.position().seq());
        out.putLong(stored.position().millis());
        out.putLong(stored.createdAt());
        putShortString(out, target);
        if (stateKey != null) {
            putShortString(out, stateKey);
            out.putLong(stored.version());
        }
        if (key != null) {
            putShortString(out, key);
        }
        out.putInt(payload.length);
        out.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    private static byte[] ascii(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private static void putShortString(ByteBuffer out, byte[] ascii) {
        out.put((byte) ascii.length);
        out.put(ascii);
    }
}
