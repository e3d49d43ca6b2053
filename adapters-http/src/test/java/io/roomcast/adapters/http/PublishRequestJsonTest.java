package io.roomcast.adapters.http;

import static io.roomcast.adapters.http.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.protocol.v1.PublishRequest;
import org.junit.jupiter.api.Test;

class PublishRequestJsonTest {
    private static final String CHAT = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\"}";

    private static PublishRequest.Builder map(String json) {
        return PublishRequestJson.map(JsonParser.parseString(json).getAsJsonObject());
    }

    /** {@link #CHAT} with {@code field} (a {@code "name":value} pair) added. */
    private static PublishRequest.Builder chatWith(String field) {
        return map(CHAT.replace("}", "," + field + "}"));
    }

    @Test
    void typeErrors_nameTheField() {
        refused(() -> chatWith("\"version\":\"seven\",\"stateKey\":\"k\""), ErrorCode.INVALID_ARGUMENT, "version:");
        refused(() -> map(CHAT.replace("\"room\"", "[\"room\"]")), ErrorCode.INVALID_ARGUMENT, "scope: must be a string");
        refused(() -> map(CHAT.replace("\"r1\"", "5")), ErrorCode.INVALID_ARGUMENT, "roomId: must be a string");
        refused(() -> chatWith("\"giftValue\":true"), ErrorCode.INVALID_ARGUMENT, "giftValue: must be a whole number");
        refused(() -> chatWith("\"giftValue\":1.5"), ErrorCode.INVALID_ARGUMENT, "giftValue:");
        assertThat(chatWith("\"giftValue\":\"12\"").getGiftValue()).isEqualTo(12);
        refused(() -> chatWith("\"binaryPayload\":\"not base64!\""), ErrorCode.INVALID_ARGUMENT, "binaryPayload:");
    }

    @Test
    void theDirectMapping_andJsonFormat_agree_onEveryFormOfEveryField() {
        // Plain forms take the direct mapping; the others (a null, 1e2, unpadded or URL-safe base64,
        // a field under both its names) go through JsonFormat. Every answer must be the same.
        String[][] cases = {
                {"\"giftValue\":12", "12"}, {"\"giftValue\":\"12\"", "12"}, {"\"giftValue\":1e1", "10"},
                {"\"giftValue\":0", "0"}, {"\"giftValue\":12.0", "12"}, {"\"giftValue\":null", "0"},
        };
        for (String[] c : cases) {
            assertThat(chatWith(c[0]).getGiftValue()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
        }
        ByteString bytes = ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff, 1, 2});
        for (String encoded : new String[] {"+/8BAg==", "-_8BAg==", "+/8BAg"}) {
            assertThat(chatWith("\"binaryPayload\":\"" + encoded + "\"").getBinaryPayload()).as(encoded).isEqualTo(bytes);
        }
        PublishRequest.Builder both = map("{\"scope\":\"room\",\"room_id\":\"r1\",\"category\":\"CHAT\",\"priority\":\"HIGH\"}");
        assertThat(both.getRoomId()).isEqualTo("r1");
        assertThat(both.getPriority()).isEqualTo("HIGH");
        refused(() -> map("{\"scope\":\"room\",\"roomId\":\"r1\",\"room_id\":\"r2\",\"category\":\"CHAT\"}"),
                ErrorCode.INVALID_ARGUMENT, "body:");
    }

    @Test
    void unknownFields_areNamed() {
        refused(() -> chatWith("\"colour\":1"), ErrorCode.INVALID_ARGUMENT, "colour: unknown field");
    }
}
