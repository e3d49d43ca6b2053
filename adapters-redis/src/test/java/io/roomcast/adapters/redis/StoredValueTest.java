package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.protocol.codec.MessageCodec;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The stored value format. append.lua builds values exactly as {@link #asAppendLuaWrites} does
 * (the Redis integration tests check the real thing); here, that Java reads them back.
 */
class StoredValueTest {
    private static final long MILLIS = 1_764_288_000_000L;

    private static Message m1(long createdAt) {
        return new Message(MessageId.of("m1"), Scope.ROOM, RoomId.of("r1"), null, Category.CHAT, Priority.LOW, null, 0,
                Payload.json("{}"), createdAt, 0, null, 0, null, null);
    }

    /** What append.lua stores for {@code message} at {@code millis-seq}. */
    private static byte[] asAppendLuaWrites(Message message, long millis, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(StoredValue.orderKey(seq));
        out.writeBytes(MessageCodec.encode(message));
        if (millis != message.createdAt()) {
            out.write(0x38);
            out.writeBytes(varint(millis));
        }
        out.write(0x40);
        out.writeBytes(varint(millis));
        out.write(0x48);
        out.writeBytes(varint(seq));
        return out.toByteArray();
    }

    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (n >= 0x80) {
            out.write((int) (n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    @Test
    void orderKey_isEightBytesBigEndian() {
        assertThat(HexFormat.of().formatHex(StoredValue.orderKey(42))).isEqualTo("000000000000002a");
        assertThat(HexFormat.of().formatHex(StoredValue.orderKey(0x0102030405L))).isEqualTo("0000000102030405");
    }

    @Test
    void givenTheJavadocExample_decodeMember_returnsTheStoredMessage() {
        byte[] value = asAppendLuaWrites(m1(MILLIS), MILLIS, 42);
        String hex = HexFormat.of().formatHex(value);
        assertThat(hex).startsWith("000000000000002a" + "0a026d311001" + "1a027231");
        assertThat(hex).endsWith("4080e089beac33" + "482a");

        assertThat(StoredValue.decodeMember(value)).isEqualTo(m1(MILLIS).storedAt(new Position(MILLIS, 42)));
    }

    @Test
    void givenCreatedAtRaisedByTheScript_theAppendedFieldWins() {
        Message late = m1(MILLIS - 5_000);
        Message stored = StoredValue.decodeMember(asAppendLuaWrites(late, MILLIS, 7));
        assertThat(stored).isEqualTo(late.storedAt(new Position(MILLIS, 7)));
        assertThat(stored.createdAt()).isEqualTo(MILLIS);
    }

    @Test
    void givenStateValue_decode_ignoresTheVersionOrderKey() {
        byte[] member = asAppendLuaWrites(m1(MILLIS), MILLIS, 9);
        System.arraycopy(StoredValue.orderKey(1_000), 0, member, 0, 8);
        assertThat(StoredValue.decode(member).position()).isEqualTo(new Position(MILLIS, 9));
        assertThatThrownBy(() -> StoredValue.decodeMember(member)).isInstanceOf(RoomcastException.class)
                .hasMessageContaining("order key 1000");
    }

    @Test
    void givenBytesThatAreNotAStoredMessage_decodeFailsWithInvalidArgument() {
        assertThatThrownBy(() -> StoredValue.decode(new byte[] {1, 2, 3})).isInstanceOf(RoomcastException.class);
        assertThatThrownBy(() -> StoredValue.decode("not a message at all".getBytes()))
                .isInstanceOf(RoomcastException.class);
        byte[] unpositioned = new byte[8 + MessageCodec.encode(m1(MILLIS)).length];
        System.arraycopy(MessageCodec.encode(m1(MILLIS)), 0, unpositioned, 8, unpositioned.length - 8);
        assertThatThrownBy(() -> StoredValue.decode(unpositioned)).isInstanceOf(RoomcastException.class)
                .hasMessageContaining("no position");
    }
}
