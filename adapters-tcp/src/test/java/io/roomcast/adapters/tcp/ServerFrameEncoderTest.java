package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class ServerFrameEncoderTest {

    @Test
    void givenPong_encode_writesTheDocumentedBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(ServerFrameEncoder.INSTANCE);
        ch.writeOutbound(ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build());
        ByteBuf out = ch.readOutbound();
        assertThat(HexFormat.of().formatHex(ByteBufUtil.getBytes(out))).isEqualTo("021a00");
        out.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void givenAnEncodedBlockBuffer_encode_passesItThroughUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(ServerFrameEncoder.INSTANCE);
        ByteBuf ready = Unpooled.copiedBuffer(new byte[] {3, 0x12, 1, 0});
        ch.writeOutbound(ready);
        ByteBuf out = ch.readOutbound();
        assertThat(out).isSameAs(ready);
        out.release();
        assertThat(ch.finish()).isFalse();
    }
}
