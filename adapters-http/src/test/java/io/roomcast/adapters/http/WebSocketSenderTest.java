package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketSenderTest {

    @Test
    void longCloseReason_isCutTo123BytesOnACharacterBoundary() {
        String reason = "BAD_FRAME: " + "é".repeat(100);

        String cut = WebSocketSender.cut(reason);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).startsWith("BAD_FRAME: é").endsWith("é...");
        assertThat(WebSocketSender.cut("IDLE: short")).isEqualTo("IDLE: short");
    }

    @Test
    void errorCodes_mapToCloseCodesByKind() {
        assertThat(WebSocketSender.closeCode("BAD_FRAME")).isEqualTo(1002);
        assertThat(WebSocketSender.closeCode("UNAUTHENTICATED")).isEqualTo(1008);
        assertThat(WebSocketSender.closeCode("SLOW")).isEqualTo(1008);
        assertThat(WebSocketSender.closeCode("OVERLOADED")).isEqualTo(1013);
        assertThat(WebSocketSender.closeCode("RATE_LIMITED")).isEqualTo(1013);
        assertThat(WebSocketSender.closeCode("STORE_UNAVAILABLE")).isEqualTo(1011);
        assertThat(WebSocketSender.closeCode("INTERNAL")).isEqualTo(1011);
    }
}
