package io.roomcast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Scope;
import io.roomcast.protocol.v1.Category;
import io.roomcast.protocol.v1.Priority;
import io.roomcast.testing.TestMessages;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    static Stream<Arguments> shapes() {
        List<Arguments> all = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            for (boolean state : new boolean[] {false, true}) {
                for (boolean binary : new boolean[] {false, true}) {
                    for (boolean stored : new boolean[] {false, true}) {
                        all.add(Arguments.of(scope, state, binary, stored));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} state={1} binary={2} stored={3}")
    @MethodSource("shapes")
    void givenAnyShape_toProtoAndBack_isEqual(Scope scope, boolean state, boolean binary, boolean stored) {
        Message message = TestMessages.of(scope, state, binary, stored);

        assertThat(MessageCodec.fromProto(MessageCodec.toProto(message))).isEqualTo(message);
        assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
        assertThat(MessageCodec.decode(ByteBuffer.wrap(MessageCodec.encode(message)))).isEqualTo(message);
    }

    @Test
    void givenGift_toProto_setsEveryField() {
        Message gift = TestMessages.giftWorth(520);

        io.roomcast.protocol.v1.Message proto = MessageCodec.toProto(gift);

        assertThat(proto.getId()).isEqualTo(gift.id().value());
        assertThat(proto.getScope()).isEqualTo(io.roomcast.protocol.v1.Scope.SCOPE_ROOM);
        assertThat(proto.getRoomId()).isEqualTo("r10086");
        assertThat(proto.getUserId()).isEmpty();
        assertThat(proto.getCategory()).isEqualTo(Category.GIFT);
        assertThat(proto.getPriority()).isEqualTo(Priority.HIGH);
        assertThat(proto.getSenderId()).isEqualTo("u88431");
        assertThat(proto.getGiftValue()).isEqualTo(520);
        assertThat(proto.getPayload().toStringUtf8()).isEqualTo(TestMessages.GIFT_PAYLOAD);
        assertThat(proto.getBinaryPayload()).isFalse();
        assertThat(proto.getCreatedAt()).isEqualTo(TestMessages.NOW);
        assertThat(proto.getSentAt()).isEqualTo(TestMessages.NOW + 480);
        assertThat(proto.getIdempotencyKey()).isEqualTo("gift-88431-000917");
        assertThat(proto.hasCursorMillis()).isTrue();
        assertThat(proto.getCursorMillis()).isEqualTo(TestMessages.NOW);
        assertThat(proto.getCursorSeq()).isEqualTo(4_211_337);
    }

    @Test
    void givenUnstoredMessage_toProto_hasNoPosition() {
        io.roomcast.protocol.v1.Message proto = MessageCodec.toProto(TestMessages.chat(TestMessages.ROOM, "hi"));

        assertThat(proto.hasCursorMillis()).isFalse();
        assertThat(proto.hasCursorSeq()).isFalse();
    }

    @Test
    void givenStoredAtZeroPosition_roundTrip_keepsItStored() {
        Message atOrigin = TestMessages.chat(TestMessages.ROOM, "first").storedAt(Position.NONE);

        Message back = MessageCodec.decode(MessageCodec.encode(atOrigin));

        assertThat(back.isStored()).isTrue();
        assertThat(back.position()).isEqualTo(Position.NONE);
    }

    @Test
    void givenEqualPayloadsAtDifferentPositions_encode_differs() {
        Message chat = TestMessages.chat(TestMessages.ROOM, "same");

        byte[] first = MessageCodec.encode(chat.storedAt(new Position(TestMessages.NOW, 1)));
        byte[] second = MessageCodec.encode(chat.storedAt(new Position(TestMessages.NOW, 2)));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void givenEmptyAndBinaryPayloads_roundTrip_keepsKind() {
        Message chat = TestMessages.chat(TestMessages.ROOM, "x");
        for (Payload payload : List.of(Payload.emptyJson(), Payload.binary(new byte[0]),
                Payload.binary(new byte[] {'{', '}'}), Payload.json("{}"))) {
            Message m = withPayload(chat, payload);
            assertThat(MessageCodec.decode(MessageCodec.encode(m)).payload()).isEqualTo(payload);
        }
    }

    @Test
    void givenNull_fromProtoOrDecode_isInvalidArgument() {
        assertInvalid(() -> MessageCodec.fromProto(null), "message: is required");
        assertInvalid(() -> MessageCodec.decode((byte[]) null), "bytes: is required");
        assertInvalid(() -> MessageCodec.toProto((Message) null), "message: is required");
    }

    @Test
    void givenEmptyProto_fromProto_namesTheFirstMissingField() {
        assertInvalid(() -> MessageCodec.fromProto(io.roomcast.protocol.v1.Message.getDefaultInstance()),
                "scope: is required");
        assertInvalid(() -> MessageCodec.decode(new byte[0]), "scope: is required");
    }

    @Test
    void givenIncompleteProtos_fromProto_namesTheField() {
        io.roomcast.protocol.v1.Message good = MessageCodec.toProto(TestMessages.giftWorth(1));

        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().clearId().build()), "id: is required");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setId("no spaces").build()), "id:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().clearRoomId().build()), "roomId: is required");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().clearCategory().build()), "category: is required");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().clearPriority().build()), "priority: is required");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setScopeValue(9).build()),
                "scope: unknown enum number 9");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setPriorityValue(77).build()),
                "priority: unknown enum number 77");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setCategoryValue(-1).build()),
                "category: unknown enum number -1");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setUserId("u2").build()), "userId:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setScope(io.roomcast.protocol.v1.Scope.SCOPE_USER)
                .build()), "userId: is required");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setGiftValue(-5).build()), "giftValue:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setCreatedAt(-1).build()), "createdAt:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setVersion(3).build()), "version:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setStateKey("k").setVersion(-3).build()),
                "version:");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().clearCursorSeq().build()),
                "cursorMillis: cursor_millis and cursor_seq come together");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setCursorSeq(-2).build()),
                "cursorMillis: position must not be negative");
        assertInvalid(() -> MessageCodec.fromProto(good.toBuilder().setSenderId("x".repeat(65)).build()),
                "senderId: userId: must be 1-64");
    }

    @Test
    void givenGarbageBytes_decode_isInvalidArgumentNeverACrash() {
        byte[] valid = MessageCodec.encode(TestMessages.giftWorth(520));
        List<byte[]> garbage = new ArrayList<>();
        garbage.add(new byte[] {(byte) 0xFF});
        garbage.add(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        garbage.add("{\"id\":\"not protobuf\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        garbage.add(Arrays.copyOf(valid, valid.length / 2));
        garbage.add(Arrays.copyOf(valid, valid.length - 1));
        // field 1 (id), length 2, bytes that are not UTF-8
        garbage.add(new byte[] {0x0a, 0x02, (byte) 0xC3, (byte) 0x28});
        // field 1 with wire type 0 (varint) instead of 2 (length-delimited), then end group
        garbage.add(new byte[] {0x08, 0x01, 0x0c});
        // a length that runs past the end
        garbage.add(new byte[] {0x32, 0x7F, 0x01});
        for (byte[] bytes : garbage) {
            assertThatThrownBy(() -> MessageCodec.decode(bytes))
                    .as("decode of %s", Arrays.toString(bytes))
                    .isInstanceOf(RoomcastException.class)
                    .extracting(e -> ((RoomcastException) e).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void givenMalformedBytes_decode_saysWhatItGot() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {(byte) 0xFF}))
                .isInstanceOf(RoomcastException.class)
                .hasMessageStartingWith("message: 1 bytes are not an encoded roomcast.v1.Message");
    }

    @Test
    void givenUnknownFields_decode_ignoresThem() {
        byte[] valid = MessageCodec.encode(TestMessages.giftWorth(520));
        // field 99, varint 1: a field a newer roomcast might add
        byte[] newer = Arrays.copyOf(valid, valid.length + 3);
        newer[valid.length] = (byte) 0x98;
        newer[valid.length + 1] = 0x06;
        newer[valid.length + 2] = 0x01;

        assertThat(MessageCodec.decode(newer)).isEqualTo(TestMessages.giftWorth(520));
    }

    private static Message withPayload(Message m, Payload payload) {
        return new Message(m.id(), m.scope(), m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), payload, m.createdAt(), m.sentAt(), m.stateKey(), m.version(), m.idempotencyKey(),
                m.position());
    }

    static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messageStart) {
        assertThatThrownBy(call)
                .isInstanceOf(RoomcastException.class)
                .hasMessageStartingWith(messageStart)
                .extracting(e -> ((RoomcastException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
