package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishRequest;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PublishRequestsTest {
    private static final String CHAT = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":{\"t\":1}}";
    private final PublishRequests requests = new PublishRequests(100);

    private PublishRequests.Parsed json(String body) {
        return requests.fromJson(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RoomcastException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void oneObject_isOneCommandWithEveryField() {
        PublishRequests.Parsed parsed = json("""
                {"scope":"ROOM","roomId":"r1","category":"pk","priority":"high","giftValue":0,"senderId":"u1",
                 "payload":{"score":[1,2]},"stateKey":"pk.score","version":7,"idempotencyKey":"k-1"}""");

        assertThat(parsed.batch()).isFalse();
        PublishCommand c = parsed.commands().get(0);
        assertThat(c.scope()).isEqualTo(Scope.ROOM);
        assertThat(c.roomId()).isEqualTo(RoomId.of("r1"));
        assertThat(c.category()).isEqualTo(Category.PK);
        assertThat(c.priority()).isEqualTo(Priority.HIGH);
        assertThat(c.sender()).isEqualTo(UserId.of("u1"));
        assertThat(c.payload().text()).isEqualTo("{\"score\":[1,2]}");
        assertThat(c.stateKey()).isEqualTo(StateKey.of("pk.score"));
        assertThat(c.version()).isEqualTo(7);
        assertThat(c.idempotencyKey()).isEqualTo(IdempotencyKey.of("k-1"));
    }

    @Test
    void snakeCaseNames_andAbsentOptionals_areAccepted() {
        PublishCommand c = json("{\"scope\":\"user\",\"user_id\":\"u9\",\"category\":\"NOTIFY\"}").commands().get(0);

        assertThat(c.recipient()).isEqualTo(UserId.of("u9"));
        assertThat(c.priority()).isNull();
        assertThat(c.payload().size()).isZero();
        assertThat(c.sender()).isNull();
    }

    @Test
    void payload_keepsTheTextAsSentButCompact() {
        String body = CHAT.replace("{\"t\":1}", "{ \"n\" : 12345678901234567890 , \"f\" : 1.50, \"s\":\"\\u00e9\\n\" }");

        assertThat(json(body).commands().get(0).payload().text()).isEqualTo("{\"n\":12345678901234567890,\"f\":1.50,\"s\":\"é\\n\"}");
    }

    @Test
    void arraysAndMessageObjects_areBatches() {
        assertThat(json("[" + CHAT + "," + CHAT + "]").commands()).hasSize(2);
        assertThat(json("[" + CHAT + "]").batch()).isTrue();
        assertThat(json("{\"messages\":[" + CHAT + "]}").batch()).isTrue();
    }

    @Test
    void aBadItem_stopsTheBatchNamingItsIndex() {
        refused(() -> json("[" + CHAT + "," + CHAT.replace("r1", "r/1") + "]"), ErrorCode.INVALID_ARGUMENT,
                "messages[1]: roomId:");
        refused(() -> json("[" + CHAT + "," + CHAT.replace("\"t\":1", "\"t\":\"" + "x".repeat(100) + "\"") + "]"),
                ErrorCode.TOO_LARGE, "messages[1]: payload:");
    }

    @Test
    void typeErrors_nameTheField() {
        refused(() -> json(CHAT.replace("\"payload\"", "\"version\":\"seven\",\"stateKey\":\"k\",\"payload\"")),
                ErrorCode.INVALID_ARGUMENT, "version:");
        refused(() -> json(CHAT.replace("\"room\"", "[\"room\"]")), ErrorCode.INVALID_ARGUMENT, "scope: must be a string");
        refused(() -> json(CHAT.replace("\"r1\"", "5")), ErrorCode.INVALID_ARGUMENT, "roomId: must be a string");
        refused(() -> json(CHAT.replace("\"payload\"", "\"giftValue\":true,\"payload\"")), ErrorCode.INVALID_ARGUMENT,
                "giftValue: must be a whole number");
        refused(() -> json(CHAT.replace("\"payload\"", "\"giftValue\":1.5,\"payload\"")), ErrorCode.INVALID_ARGUMENT,
                "giftValue:");
        assertThat(json(CHAT.replace("CHAT", "GIFT").replace("\"payload\"", "\"giftValue\":\"12\",\"payload\""))
                .commands().get(0).giftValue()).isEqualTo(12);
        refused(() -> json(CHAT.replace("\"payload\"", "\"binaryPayload\":\"not base64!\",\"payload\"")),
                ErrorCode.INVALID_ARGUMENT, "binaryPayload:");
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
            String body = CHAT.replace("CHAT", "GIFT").replace("\"payload\"", c[0] + ",\"payload\"");
            assertThat(json(body).commands().get(0).giftValue()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
        }
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 1, 2};
        for (String encoded : new String[] {"+/8BAg==", "-_8BAg==", "+/8BAg"}) {
            String body = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"binaryPayload\":\"" + encoded + "\"}";
            assertThat(json(body).commands().get(0).payload().bytes()).as(encoded).isEqualTo(bytes);
        }
        PublishCommand both = json("{\"scope\":\"room\",\"room_id\":\"r1\",\"category\":\"CHAT\",\"priority\":\"HIGH\"}")
                .commands().get(0);
        assertThat(both.roomId()).isEqualTo(RoomId.of("r1"));
        assertThat(both.priority()).isEqualTo(Priority.HIGH);
        refused(() -> json("{\"scope\":\"room\",\"roomId\":\"r1\",\"room_id\":\"r2\",\"category\":\"CHAT\"}"),
                ErrorCode.INVALID_ARGUMENT, "body:");
    }

    @Test
    void unknownFields_areNamed() {
        refused(() -> json(CHAT.replace("\"payload\"", "\"colour\":1,\"payload\"")), ErrorCode.INVALID_ARGUMENT,
                "colour: unknown field");
    }

    @Test
    void malformedOrLenientJson_isRefused() {
        for (String body : new String[] {"{", "{\"scope\":\"room\",}", "{'scope':'room'}", "// hi\n{}", "{} {}", "nul",
                "[" + CHAT + ",]", "{\"a\":NaN}"}) {
            refused(() -> json(body), ErrorCode.INVALID_ARGUMENT, "body:");
        }
        refused(() -> requests.fromJson(new byte[] {'{', (byte) 0xff, '}'}), ErrorCode.INVALID_ARGUMENT, "UTF-8");
    }

    @Test
    void deepNesting_isRefusedBeforeParsing() {
        String deep = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":"
                + "[".repeat(PublishRequests.MAX_DEPTH) + "]".repeat(PublishRequests.MAX_DEPTH) + "}";
        String fine = deep.replace("[".repeat(PublishRequests.MAX_DEPTH), "[".repeat(30))
                .replace("]".repeat(PublishRequests.MAX_DEPTH), "]".repeat(30));
        assertThat(json(fine).commands()).hasSize(1);
        refused(() -> json(deep), ErrorCode.INVALID_ARGUMENT, "deeper");
        String brackets = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":\"" + "[".repeat(80) + "\"}";
        assertThat(json(brackets).commands()).hasSize(1);
    }

    @Test
    void protobuf_singleAndBatch() {
        PublishRequest one = PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("GIFT")
                .setGiftValue(5).setPayload(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("id", Value.newBuilder().setNumberValue(7).build())))
                .build();
        PublishRequest binary = PublishRequest.newBuilder().setScope("broadcast").setCategory("NOTIFY")
                .setBinaryPayload(ByteString.copyFrom(new byte[] {9})).build();

        PublishCommand c = requests.fromProtobuf(one.toByteArray(), false).commands().get(0);
        assertThat(c.giftValue()).isEqualTo(5);
        assertThat(c.payload().text()).isEqualTo("{\"id\":7}");

        PublishRequests.Parsed batch = requests.fromProtobuf(
                PublishBatch.newBuilder().addMessages(one).addMessages(binary).build().toByteArray(), true);
        assertThat(batch.batch()).isTrue();
        assertThat(batch.commands().get(1).payload().isJson()).isFalse();
        assertThat(batch.commands().get(1).scope()).isEqualTo(Scope.BROADCAST);
    }

    @Test
    void protobuf_errors() {
        refused(() -> requests.fromProtobuf(new byte[] {0x0a, 0x7f}, false), ErrorCode.INVALID_ARGUMENT, "malformed protobuf");
        refused(() -> requests.fromProtobuf(new byte[0], true), ErrorCode.INVALID_ARGUMENT, "at least one");
        PublishRequest noCategory = PublishRequest.newBuilder().setScope("room").setRoomId("r1").build();
        refused(() -> requests.fromProtobuf(PublishBatch.newBuilder().addMessages(noCategory).build().toByteArray(), true),
                ErrorCode.INVALID_ARGUMENT, "messages[0]: category: is required");
        PublishRequest both = PublishRequest.newBuilder().setScope("broadcast").setCategory("CHAT")
                .setPayload(Value.newBuilder().setBoolValue(true)).setBinaryPayload(ByteString.copyFrom(new byte[] {1}))
                .build();
        refused(() -> requests.fromProtobuf(both.toByteArray(), false), ErrorCode.INVALID_ARGUMENT, "not both");
    }
}
