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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One reused {@link DocumentWriter} gives every document as a fresh one does (whose format
 * {@code StoredDocumentTest} pins byte for byte), whatever sizes came before; and a document larger
 * than a fresh writer's first array is whole (a review of 2026-12-07 found {@code encode} reading the
 * array before the write grew it: zeros).
 */
class DocumentWriterTest {
    @Test
    void reusedWriter_givesEachDocumentAsAFreshOneDoes_forDocumentsOfEverySizeInTurn() {
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
            assertThat(Arrays.copyOf(writer.bytes(), length)).isEqualTo(StoredDocument.encode(m));
        }
    }

    @Test
    void encode_ofADocumentOverAFreshWritersFirstArray_isTheWholeDocument() {
        Message big = padded(2_000, 9);
        byte[] doc = StoredDocument.encode(big);
        StoredDocument.Header header = StoredDocument.parse(doc, doc.length);
        assertThat(StoredDocument.decode(doc, header)).isEqualTo(big);
        assertThat(Arrays.copyOfRange(doc, header.payloadOffset(), header.payloadOffset() + header.payloadLength()))
                .isEqualTo(MessageCodec.encode(big));
    }

    private static Message padded(int n, long seq) {
        return new Message(MessageId.of("m-" + n), Scope.ROOM, room("r" + n), null, Category.GIFT, Priority.HIGH,
                user("fan"), 500, Payload.json("{\"pad\":\"" + "x".repeat(n) + "\"}"), 7, 0, null, 0, null, null)
                .storedAt(new Position(7, seq));
    }
}
