package io.roomcast.adapters.http;

import static io.roomcast.adapters.http.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.PublishRequest;
import org.junit.jupiter.api.Test;

class PublishCommandsTest {
    private static final PublishRequest CHAT = PublishRequest.newBuilder().setScope("room").setRoomId("r1")
            .setCategory("CHAT").build();
    private final PublishCommands commands = new PublishCommands(10);

    @Test
    void noPayload_isAnEmptyJsonPayload() {
        PublishCommand c = commands.command(CHAT, null);

        assertThat(c.roomId()).isEqualTo(RoomId.of("r1"));
        assertThat(c.payload().isJson()).isTrue();
        assertThat(c.payload().size()).isZero();
    }

    @Test
    void aBinaryPayload_isKeptAsBytes() {
        PublishRequest binary = CHAT.toBuilder().setBinaryPayload(ByteString.copyFrom(new byte[] {1, 2})).build();

        Payload payload = commands.command(binary, null).payload();

        assertThat(payload.isJson()).isFalse();
        assertThat(payload.bytes()).containsExactly(1, 2);
    }

    @Test
    void bothPayloads_areRefused() {
        PublishRequest binary = CHAT.toBuilder().setBinaryPayload(ByteString.copyFrom(new byte[] {1})).build();

        refused(() -> commands.command(binary, Payload.json("{}")), ErrorCode.INVALID_ARGUMENT,
                "payload: send either payload or binaryPayload, not both");
    }

    @Test
    void aPayloadOverTheLimit_isTooLarge() {
        assertThat(commands.command(CHAT, Payload.json("\"12345678\"")).payload().size()).isEqualTo(10);
        refused(() -> commands.command(CHAT, Payload.json("\"123456789\"")), ErrorCode.TOO_LARGE,
                "payload: 11 bytes is over the limit of 10");
    }

    @Test
    void aBadOrMissingField_isNamed() {
        refused(() -> commands.command(CHAT.toBuilder().setRoomId("r/1").build(), null), ErrorCode.INVALID_ARGUMENT,
                "roomId: ");
        refused(() -> commands.command(CHAT.toBuilder().clearCategory().build(), null), ErrorCode.INVALID_ARGUMENT,
                "category: is required");
        refused(() -> commands.command(CHAT.toBuilder().clearScope().build(), null), ErrorCode.INVALID_ARGUMENT,
                "scope: is required");
    }
}
