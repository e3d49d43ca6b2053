package io.roomcast.adapters.http;

import static io.roomcast.adapters.http.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
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
import org.junit.jupiter.api.Test;

class PublishRequestsTest {
    private static final String CHAT = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":{\"t\":1}}";
    private final PublishRequests requests = new PublishRequests(100);

    private PublishRequests.Parsed json(String body) {
        return requests.fromJson(body.getBytes(StandardCharsets.UTF_8));
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
