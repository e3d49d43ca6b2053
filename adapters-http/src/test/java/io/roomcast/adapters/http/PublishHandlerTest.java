package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.adapters.http.PublishHandler.Format;
import org.junit.jupiter.api.Test;

class PublishHandlerTest {
    @Test
    void contentType_choosesTheBodyFormat() {
        assertThat(PublishHandler.format("application/json")).isEqualTo(Format.JSON);
        assertThat(PublishHandler.format("Application/JSON; charset=utf-8")).isEqualTo(Format.JSON);
        assertThat(PublishHandler.format("application/x-protobuf")).isEqualTo(Format.PROTOBUF);
        assertThat(PublishHandler.format("application/x-protobuf; proto=roomcast.v1.PublishRequest")).isEqualTo(Format.PROTOBUF);
        assertThat(PublishHandler.format("application/x-protobuf;proto=\"roomcast.v1.PublishBatch\""))
                .isEqualTo(Format.PROTOBUF_BATCH);
        assertThat(PublishHandler.format("application/x-protobuf; q=1; PROTO=roomcast.v1.PublishBatch"))
                .isEqualTo(Format.PROTOBUF_BATCH);
    }

    @Test
    void otherContentTypes_are415() {
        for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "application/x-protobuf; proto=roomcast.v1.Message"}) {
            assertThatThrownBy(() -> PublishHandler.format(type)).as(String.valueOf(type))
                    .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(415));
        }
    }

    @Test
    void oversizedBodies_areDrainedUpToABoundThatTheConnectionLimitExceeds() {
        assertThat(PublishHandler.drainLimit(1024)).isEqualTo(4L * 1024 * 1024);
        assertThat(PublishHandler.drainLimit(8 * 1024 * 1024)).isEqualTo(32L * 1024 * 1024);
        assertThat(PublishHandler.connectionLimit(1024)).isGreaterThan(PublishHandler.drainLimit(1024));
    }
}
