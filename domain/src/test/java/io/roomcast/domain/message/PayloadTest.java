package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void givenJsonBytes_mutateSourceAfterBuild_payloadUnchanged() {
        byte[] source = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Payload payload = Payload.json(source);

        source[5] = '9';

        assertThat(payload.text()).isEqualTo("{\"a\":1}");
    }

    @Test
    void givenBinaryBytes_mutateSourceAfterBuild_payloadUnchanged() {
        byte[] source = {1, 2, 3};
        Payload payload = Payload.binary(source);

        source[0] = 42;

        assertThat(payload.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void givenPayload_mutateReturnedBytes_payloadUnchanged() {
        Payload payload = Payload.binary(new byte[] {1, 2, 3});

        byte[] out = payload.bytes();
        out[0] = 42;

        assertThat(payload.bytes()).containsExactly(1, 2, 3);
        assertThat(payload.bytes()).isNotSameAs(payload.bytes());
    }

    @Test
    void givenSameContent_equals_isTrueWhicheverFactory() {
        Payload fromText = Payload.json("{\"gift\":\"rocket\"}");
        Payload fromBytes = Payload.json("{\"gift\":\"rocket\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(fromText).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(Payload.binary(new byte[] {7, 8})).isEqualTo(Payload.binary(new byte[] {7, 8}));
    }

    @Test
    void givenDifferentContentOrKind_equals_isFalse() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(Payload.json("{}")).isNotEqualTo(Payload.json("[]"));
        assertThat(Payload.json(bytes)).isNotEqualTo(Payload.binary(bytes));
        assertThat(Payload.json("{}")).isNotEqualTo("{}");
    }

    @Test
    void givenEmptyInput_json_isTheEmptyJsonPayload() {
        assertThat(Payload.json(new byte[0])).isSameAs(Payload.emptyJson());
        assertThat(Payload.json("")).isEqualTo(Payload.emptyJson());
        assertThat(Payload.emptyJson().size()).isZero();
        assertThat(Payload.emptyJson().isJson()).isTrue();
    }

    @Test
    void givenPayloads_accessors_describeContent() {
        Payload json = Payload.json("{\"name\":\"\u4e3b\u64ad\"}");
        Payload binary = Payload.binary(new byte[] {1, 2, 3});

        assertThat(json.isJson()).isTrue();
        assertThat(json.size()).isEqualTo("{\"name\":\"\u4e3b\u64ad\"}".getBytes(StandardCharsets.UTF_8).length);
        assertThat(json.text()).isEqualTo("{\"name\":\"\u4e3b\u64ad\"}");
        assertThat(json).hasToString("{\"name\":\"\u4e3b\u64ad\"}");
        assertThat(binary.isJson()).isFalse();
        assertThat(binary.size()).isEqualTo(3);
        assertThat(binary).hasToString("binary[3]");
    }

    @Test
    void givenNull_anyFactory_isInvalidArgumentNamingPayload() {
        assertPayloadRequired(() -> Payload.json((byte[]) null));
        assertPayloadRequired(() -> Payload.json((String) null));
        assertPayloadRequired(() -> Payload.binary(null));
    }

    private static void assertPayloadRequired(Runnable build) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(RoomcastException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo("payload: is required");
        });
    }
}
