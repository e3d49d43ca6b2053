package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.roomcast.testing.NoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class BoundedVarint32FrameDecoderTest {

    @Test
    void givenPongInTwoPieces_decode_emitsOneBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new BoundedVarint32FrameDecoder(64));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x02, 0x1a}));
        assertThat(ch.<Object>readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00}));
        ByteBuf body = ch.readInbound();
        assertThat(body.readableBytes()).isEqualTo(2);
        body.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAnOversizedOrMalformedPrefix_decode_fails() {
        EmbeddedChannel big = new EmbeddedChannel(new BoundedVarint32FrameDecoder(64));
        assertThatThrownBy(() -> big.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc1, 0x00})))
                .isInstanceOf(TooLongFrameException.class);
        big.finish();
        EmbeddedChannel bad = new EmbeddedChannel(new BoundedVarint32FrameDecoder(Integer.MAX_VALUE));
        byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThatThrownBy(() -> bad.writeInbound(Unpooled.wrappedBuffer(six))).isInstanceOf(CorruptedFrameException.class);
        bad.finish();
    }
}
