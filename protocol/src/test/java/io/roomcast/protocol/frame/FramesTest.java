package io.roomcast.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The byte examples in roomcast.proto and {@link Frames}, checked. */
class FramesTest {

    @Test
    void givenJoin_encode_isTheDocumentedBytes() {
        ClientFrame join = ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r1")).build();

        assertThat(hex(Frames.encode(join))).isEqualTo("06 12 04 0a 02 72 31");
    }

    @Test
    void givenPingAndPong_encode_areThreeBytes() {
        assertThat(hex(Frames.encode(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build())))
                .isEqualTo("02 22 00");
        assertThat(hex(Frames.encode(ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build())))
                .isEqualTo("02 1a 00");
    }

    @Test
    void givenBodyOf300Bytes_encode_hasPrefixAc02() throws IOException {
        // Hello: tag 0a + 2-byte length + token; the token is sized so the frame body is 300 bytes.
        ClientFrame hello = ClientFrame.newBuilder()
                .setHello(Hello.newBuilder().setToken("t".repeat(294))).build();
        assertThat(hello.getSerializedSize()).isEqualTo(300);

        byte[] frame = Frames.encode(hello);

        assertThat(hex(frame).substring(0, 5)).isEqualTo("ac 02");
        assertThat(frame).hasSize(302);
        assertThat(Frames.prefixSize(300)).isEqualTo(2);
        CodedInputStream in = CodedInputStream.newInstance(frame);
        assertThat(in.readRawVarint32()).isEqualTo(300);
        assertThat(ClientFrame.parseFrom(in.readRawBytes(300))).isEqualTo(hello);
    }

    @Test
    void givenSeveralFrames_concatenated_parseBackInOrder() throws IOException {
        ServerFrame welcome = ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setSessionId("s-1").setHeartbeatMs(30_000).setCursor("1764288000123-42")).build();
        ServerFrame error = ServerFrame.newBuilder().setError(Error.newBuilder()
                .setCode("SLOW").setMessage("reading too slowly")).build();
        ServerFrame goAway = ServerFrame.newBuilder().setGoAway(GoAway.newBuilder()
                .setReconnectAfterMs(1500).addEndpoints("node-2:9443")).build();
        ByteString stream = ByteString.copyFrom(Frames.encode(welcome))
                .concat(ByteString.copyFrom(Frames.encode(error)))
                .concat(ByteString.copyFrom(Frames.encode(goAway)));

        CodedInputStream in = stream.newCodedInput();
        assertThat(ServerFrame.parseFrom(in.readBytes())).isEqualTo(welcome);
        assertThat(ServerFrame.parseFrom(in.readBytes())).isEqualTo(error);
        assertThat(ServerFrame.parseFrom(in.readBytes())).isEqualTo(goAway);
        assertThat(in.isAtEnd()).isTrue();
    }

    @Test
    void givenPrefixSizes_areOneToFiveBytes() {
        assertThat(Frames.prefixSize(0)).isEqualTo(1);
        assertThat(Frames.prefixSize(127)).isEqualTo(1);
        assertThat(Frames.prefixSize(128)).isEqualTo(2);
        assertThat(Frames.prefixSize(16_384)).isEqualTo(3);
        assertThat(Frames.prefixSize(Integer.MAX_VALUE)).isEqualTo(Frames.MAX_PREFIX_BYTES);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
