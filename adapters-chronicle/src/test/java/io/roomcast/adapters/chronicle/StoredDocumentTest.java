package io.roomcast.adapters.chronicle;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.Scope;
import io.roomcast.testing.TestMessages;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StoredDocumentTest {
    private static final Position AT = new Position(1_764_288_000_123L, 42);

    @Test
    void givenRoomChat_encode_startsWithTheDocumentedHeader() {
        Message m = new Message(MessageId.of("m1"), Scope.ROOM, room("r1"), null, Category.CHAT, Priority.LOW, null, 0,
                Payload.json("{}"), AT.millis(), 0, null, 0, null, null).storedAt(AT);
        byte[] doc = StoredDocument.encode(m);
        assertThat(doc).hasSize(73);
        assertThat(HexFormat.of().formatHex(doc, 0, 69)).isEqualTo("01000102" + "2a00000000000000"
                + "7b70c2c79a010000" + "7b70c2c79a010000" + "027231" + "22000000"
                + "0a026d3110011a0272312002280232027b7d38fbe089beac3340fbe089beac33482a");
    }

    @Test
    void givenEveryKindOfMessage_encodeThenParse_givesBackHeaderAndMessage() {
        Message[] messages = {
            chat(room("r1"), 5).storedAt(new Position(7, 1)),
            withKey(state(room("r-2"), "pk.score", 9, 5), "order-1").storedAt(new Position(8, 2)),
            toUser(user("alice"), 5).storedAt(new Position(9, 3)),
            TestMessages.broadcast(5).storedAt(new Position(10, Long.MAX_VALUE >> 4)),
        };
        for (Message m : messages) {
            byte[] doc = StoredDocument.encode(m);
            StoredDocument.Header h = StoredDocument.parse(doc, doc.length);
            assertThat(h.seq()).isEqualTo(m.position().seq());
            assertThat(h.millis()).isEqualTo(m.position().millis());
            assertThat(h.createdAt()).isEqualTo(m.createdAt());
            assertThat(h.scope()).isEqualTo(m.scope());
            assertThat(h.category()).isEqualTo(m.category());
            assertThat(h.stateKey()).isEqualTo(m.isState() ? m.stateKey().value() : null);
            assertThat(h.version()).isEqualTo(m.version());
            assertThat(h.idempotencyKey()).isEqualTo(m.idempotencyKey() == null ? null : m.idempotencyKey().value());
            assertThat(StoredDocument.decode(doc, h)).isEqualTo(m);
        }
    }

    @Test
    void givenAnyFlippedByte_parse_failsWithInternalError() {
        byte[] doc = StoredDocument.encode(withKey(state(room("r1"), "k", 1, 5), "key").storedAt(new Position(7, 1)));
        for (int i = 0; i < doc.length; i++) {
            byte[] bad = doc.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> StoredDocument.parse(bad, bad.length))
                    .isInstanceOf(RoomcastException.class)
                    .extracting(e -> ((RoomcastException) e).code()).isEqualTo(ErrorCode.INTERNAL);
        }
    }

    @Test
    void givenTruncatedOrGarbageBytes_parse_failsWithoutOtherExceptions() {
        byte[] doc = StoredDocument.encode(chat(room("r1"), 5).storedAt(new Position(7, 1)));
        for (int length = 0; length < doc.length; length++) {
            byte[] cut = Arrays.copyOf(doc, length);
            int n = length;
            assertThatThrownBy(() -> StoredDocument.parse(cut, n)).isInstanceOf(RoomcastException.class);
        }
        byte[] zeros = new byte[doc.length];
        assertThatThrownBy(() -> StoredDocument.parse(zeros, zeros.length)).isInstanceOf(RoomcastException.class);
    }

    @Test
    void givenUnstoredMessage_encode_isRejected() {
        assertThatThrownBy(() -> StoredDocument.encode(chat(room("r1"), 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
