package io.roomcast.adapters.http;

import static io.roomcast.adapters.http.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import io.roomcast.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static JsonElement read(String body) {
        return StrictJson.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedOrLenientJson_isRefused() {
        for (String body : new String[] {"{", "{\"scope\":\"room\",}", "{'scope':'room'}", "// hi\n{}", "{} {}", "nul",
                "[{\"a\":1},]", "{\"a\":NaN}"}) {
            refused(() -> read(body), ErrorCode.INVALID_ARGUMENT, "body:");
        }
        refused(() -> StrictJson.read(new byte[] {'{', (byte) 0xff, '}'}), ErrorCode.INVALID_ARGUMENT, "UTF-8");
    }

    @Test
    void deepNesting_isRefusedBeforeParsing() {
        String deep = "{\"payload\":" + "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH) + "}";
        String fine = "{\"payload\":" + "[".repeat(30) + "]".repeat(30) + "}";

        assertThat(read(fine).isJsonObject()).isTrue();
        refused(() -> read(deep), ErrorCode.INVALID_ARGUMENT, "deeper");
        assertThat(read("{\"payload\":\"" + "[".repeat(80) + "\"}").getAsJsonObject().get("payload").getAsString())
                .isEqualTo("[".repeat(80));
    }

    @Test
    void aValidValue_isReadWhole() {
        JsonElement root = read(" {\"n\" : 12345678901234567890, \"s\":\"\\u00e9\"} ");

        assertThat(root.toString()).isEqualTo("{\"n\":12345678901234567890,\"s\":\"é\"}");
    }
}
