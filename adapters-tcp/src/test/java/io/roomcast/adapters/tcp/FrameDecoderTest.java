package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Join;
import io.roomcast.testing.NoLeaks;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class FrameDecoderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new FrameDecoder(max));
    }

    private static String readHex(EmbeddedChannel ch) {
        ByteBuf body = ch.readInbound();
        try {
            return HEX.formatHex(io.netty.buffer.ByteBufUtil.getBytes(body));
        } finally {
            body.release();
        }
    }

    @Test
    void givenTheJoinExample_decode_emitsItsBody() {
        EmbeddedChannel ch = channel(64);
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("0612040a027231")));
        assertThat(readHex(ch)).isEqualTo("12040a027231");
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAFrameOneByteAtATime_decode_waitsThenEmitsIt() {
        EmbeddedChannel ch = channel(1024);
        byte[] frame = Frames.encode(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("x".repeat(300))).build());
        assertThat(frame[0]).isEqualTo((byte) 0xb2); // 306 bytes: two-byte prefix b2 02
        for (int i = 0; i < frame.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {frame[i]}));
            assertThat(ch.<Object>readInbound()).as("after byte %d", i).isNull();
        }
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {frame[frame.length - 1]}));
        ByteBuf body = ch.readInbound();
        assertThat(body.readableBytes()).isEqualTo(306);
        body.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenTwoFramesAndAHalfInOneRead_decode_emitsTwoAndKeepsTheRest() {
        EmbeddedChannel ch = channel(64);
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("022200" + "0100" + "0322")));
        assertThat(readHex(ch)).isEqualTo("2200");
        assertThat(readHex(ch)).isEqualTo("00");
        assertThat(ch.<Object>readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("0000")));
        assertThat(readHex(ch)).isEqualTo("220000");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAnEmptyBody_decode_emitsAnEmptyFrame() {
        EmbeddedChannel ch = channel(64);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertThat(readHex(ch)).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenExactlyTheLimit_decode_acceptsIt() {
        EmbeddedChannel ch = channel(200);
        byte[] frame = new byte[2 + 200];
        frame[0] = (byte) 0xc8;
        frame[1] = 0x01;
        ch.writeInbound(Unpooled.wrappedBuffer(frame));
        ByteBuf body = ch.readInbound();
        assertThat(body.readableBytes()).isEqualTo(200);
        body.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAPrefixOverTheLimit_decode_failsAtOnceWithoutTheBody() {
        EmbeddedChannel ch = channel(16 * 1024);
        // 16 MiB + 1 announced; not one body byte follows.
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("81808008"))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("over the limit of 16384");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAPrefixOneOverTheLimit_decode_fails() {
        EmbeddedChannel ch = channel(200);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("c901"))))
                .isInstanceOf(TooLongFrameException.class);
        ch.finish();
    }

    @Test
    void givenSixVarintBytes_decode_failsAsMalformed() {
        EmbeddedChannel ch = channel(Integer.MAX_VALUE);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("808080808001"))))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("more than 5");
        ch.finish();
    }

    @Test
    void givenAFailure_laterBytes_areDiscardedUnread() {
        EmbeddedChannel ch = channel(64);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("ffffffffff"))))
                .isInstanceOf(TooLongFrameException.class);
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("022200")));
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }
}
