package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespCommandsTest {

    @Test
    void givenAChannel_subscribe_writesAnArrayOfTwoBulkStrings() {
        ByteBuf out = Unpooled.buffer();

        RespCommands.subscribe(out, bytes("room"));

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nroom\r\n");
    }

    @Test
    void givenTwoMessages_publish_writesThemBackToBackForOnePipelinedWrite() {
        ByteBuf out = Unpooled.buffer();

        RespCommands.publish(out, bytes("room"), bytes("hello"));
        RespCommands.publish(out, bytes("room"), bytes(""));

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(
                "*3\r\n$7\r\nPUBLISH\r\n$4\r\nroom\r\n$5\r\nhello\r\n" + "*3\r\n$7\r\nPUBLISH\r\n$4\r\nroom\r\n$0\r\n\r\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
