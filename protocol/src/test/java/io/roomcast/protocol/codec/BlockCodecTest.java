package io.roomcast.protocol.codec;

import static io.roomcast.protocol.codec.MessageCodecTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.TestMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
    private static final Cursor THROUGH = Cursor.parse("k2f9q1-4211400.b7x3m0-7");

    private static Block mixedBlock() {
        return new Block(new BlockHeader(TestMessages.ROOM, THROUGH, TestMessages.NOW + 500),
                List.of(TestMessages.giftWorth(520),
                        TestMessages.state("pk.score", 7, 4_211_338),
                        TestMessages.of(Scope.UNICAST, false, true, true),
                        TestMessages.of(Scope.BROADCAST, false, false, true),
                        TestMessages.chat(RoomId.of("other-room"), "hi").storedAt(new Position(TestMessages.NOW, 5))),
                new SkipCounts(0, 2, 9, 1));
    }

    @Test
    void givenRoomBlock_toProto_namesTheRoomOnceInTheHeader() {
        io.roomcast.protocol.v1.Block proto = BlockCodec.toProto(mixedBlock());

        assertThat(proto.getHeader().getRoomId()).isEqualTo("r10086");
        assertThat(proto.getHeader().getCursor()).isEqualTo(THROUGH.encode());
        assertThat(proto.getHeader().getSentAt()).isEqualTo(TestMessages.NOW + 500);
        assertThat(proto.getEntriesList()).extracting(io.roomcast.protocol.v1.Message::getRoomId)
                .containsExactly("", "", "", "", "other-room");
        assertThat(proto.getEntries(2).getUserId()).isEqualTo("viewer_42");
        assertThat(proto.getSkipped().getAge()).isEqualTo(2);
        assertThat(proto.getSkipped().getBudget()).isEqualTo(9);
        assertThat(proto.getSkipped().getSuperseded()).isEqualTo(1);
    }

    @Test
    void givenRoomBlock_toProtoAndBack_isEqual() {
        Block block = mixedBlock();

        assertThat(BlockCodec.fromProto(BlockCodec.toProto(block))).isEqualTo(block);
    }

    @Test
    void givenBroadcastBlockWithoutCursor_toProtoAndBack_isEqual() {
        Block block = new Block(new BlockHeader(null, null, 0),
                List.of(TestMessages.of(Scope.BROADCAST, true, false, true)), SkipCounts.NONE);

        io.roomcast.protocol.v1.Block proto = BlockCodec.toProto(block);

        assertThat(proto.getHeader().getRoomId()).isEmpty();
        assertThat(proto.hasSkipped()).isTrue();
        assertThat(BlockCodec.fromProto(proto)).isEqualTo(block);
    }

    @Test
    void givenBlock_encodeFrame_isVarintLengthThenServerFrame() throws IOException {
        Block block = mixedBlock();

        byte[] frame = BlockCodec.encodeFrame(block);

        CodedInputStream in = CodedInputStream.newInstance(frame);
        int length = in.readRawVarint32();
        assertThat(length).isEqualTo(frame.length - in.getTotalBytesRead());
        ServerFrame parsed = ServerFrame.parseFrom(in.readRawBytes(length));
        assertThat(in.isAtEnd()).isTrue();
        assertThat(parsed.getFrameCase()).isEqualTo(ServerFrame.FrameCase.BLOCK);
        assertThat(parsed.getBlock()).isEqualTo(BlockCodec.toProto(block));
        assertThat(BlockCodec.fromProto(parsed.getBlock())).isEqualTo(block);
    }

    @Test
    void givenBigBlock_encodeFrame_hasMultiBytePrefixAndParsesAsDelimited() throws IOException {
        List<Message> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(TestMessages.giftWorth(i).storedAt(new Position(TestMessages.NOW, 1000 + i)));
        }
        Block block = new Block(new BlockHeader(TestMessages.ROOM, THROUGH, TestMessages.NOW), entries, SkipCounts.NONE);

        byte[] frame = BlockCodec.encodeFrame(block);

        CodedInputStream in = CodedInputStream.newInstance(frame);
        int length = in.readRawVarint32();
        assertThat(in.getTotalBytesRead()).isEqualTo(3); // 200 gifts take more than 16,383 bytes
        assertThat(length).isEqualTo(frame.length - 3);
        ServerFrame parsed = ServerFrame.parseDelimitedFrom(new java.io.ByteArrayInputStream(frame));
        assertThat(BlockCodec.fromProto(parsed.getBlock())).isEqualTo(block);
    }

    @Test
    void givenEmptyOrBadProtos_fromProto_isInvalid() {
        assertInvalid(() -> BlockCodec.fromProto(null), "block: is required");
        assertInvalid(() -> BlockCodec.fromProto(io.roomcast.protocol.v1.Block.getDefaultInstance()),
                "header: is required");
        io.roomcast.protocol.v1.Block good = BlockCodec.toProto(mixedBlock());
        assertInvalid(() -> BlockCodec.fromProto(good.toBuilder()
                .setHeader(good.getHeader().toBuilder().setRoomId("bad room")).build()), "roomId:");
        assertInvalid(() -> BlockCodec.fromProto(good.toBuilder()
                .setHeader(good.getHeader().toBuilder().setSentAt(-1)).build()), "header.sentAt:");
        assertInvalid(() -> BlockCodec.fromProto(good.toBuilder()
                .setSkipped(good.getSkipped().toBuilder().setBudget(-1)).build()), "skipped.budget: count too large: 4294967295");
        assertThatThrownBy(() -> BlockCodec.fromProto(good.toBuilder()
                .setHeader(good.getHeader().toBuilder().setCursor("yesterday")).build()))
                .isInstanceOf(RoomcastException.class)
                .extracting(e -> ((RoomcastException) e).code())
                .isEqualTo(ErrorCode.INVALID_CURSOR);
    }

    @Test
    void givenRoomEntryWithoutRoomInBroadcastBlock_fromProto_isInvalid() {
        io.roomcast.protocol.v1.Block proto = BlockCodec.toProto(mixedBlock());
        io.roomcast.protocol.v1.Block headless = proto.toBuilder()
                .setHeader(proto.getHeader().toBuilder().clearRoomId()).build();

        assertInvalid(() -> BlockCodec.fromProto(headless), "roomId: is required");
    }
}
