package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketViewerTest {

    @Test
    void longCloseReason_isCutTo123BytesOnACharacterBoundary() {
        String reason = "BAD_FRAME: " + "é".repeat(100);

        String cut = WebSocketViewer.cut(reason);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).startsWith("BAD_FRAME: é").endsWith("é...");
        assertThat(WebSocketViewer.cut("IDLE: short")).isEqualTo("IDLE: short");
    }

    @Test
    void errorCodes_mapToCloseCodesByKind() {
        assertThat(WebSocketViewer.closeCode("BAD_FRAME")).isEqualTo(1002);
        assertThat(WebSocketViewer.closeCode("UNAUTHENTICATED")).isEqualTo(1008);
        assertThat(WebSocketViewer.closeCode("SLOW")).isEqualTo(1008);
        assertThat(WebSocketViewer.closeCode("OVERLOADED")).isEqualTo(1013);
        assertThat(WebSocketViewer.closeCode("RATE_LIMITED")).isEqualTo(1013);
        assertThat(WebSocketViewer.closeCode("STORE_UNAVAILABLE")).isEqualTo(1011);
        assertThat(WebSocketViewer.closeCode("INTERNAL")).isEqualTo(1011);
    }
}
