package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseDecoderTest {
    private static final String TWO = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\ncontent-length: 5\r\n\r\nhello"
            + "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno";

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void givenTwoResponsesCutAtEveryByte_decode_yieldsBothWithTheirBodies() {
        for (int cut = 0; cut <= TWO.length(); cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseDecoder());
            ch.writeInbound(ascii(TWO.substring(0, cut)));
            ch.writeInbound(ascii(TWO.substring(cut)));
            HttpResponseDecoder.Response first = ch.readInbound();
            HttpResponseDecoder.Response second = ch.readInbound();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.close()).isFalse();
            assertThat(first.body().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(second.status()).isEqualTo(404);
            assertThat(second.close()).isTrue();
            assertThat(second.body().toString(StandardCharsets.US_ASCII)).isEqualTo("no");
            first.body().release();
            second.body().release();
            Object none = ch.readInbound();
            assertThat(none).isNull();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void givenNoContent_decode_yieldsAnEmptyBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseDecoder());
        ch.writeInbound(ascii("HTTP/1.1 204 No Content\r\n\r\n"));
        HttpResponseDecoder.Response r = ch.readInbound();
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body().readableBytes()).isZero();
        r.body().release();
        ch.finishAndReleaseAll();
    }

    @Test
    void givenAChunkedAnswer_decode_refusesIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseDecoder());
        assertThatThrownBy(() -> ch.writeInbound(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")))
                .isInstanceOf(DecoderException.class).hasMessageContaining("chunked");
        ch.finishAndReleaseAll();
    }
}
