package io.roomcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.ErrorBody;
import io.roomcast.protocol.v1.ErrorResponse;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishRequest;
import io.roomcast.protocol.v1.PublishResponse;
import org.junit.jupiter.api.Test;

/** The HTTP bodies of ARCHITECTURE.md read and print through protobuf's JSON mapping of the schema. */
class SchemaJsonTest {
    // JsonFormat's parser rejects unknown names, so every documented name must be in the schema.
    private static final JsonFormat.Parser STRICT = JsonFormat.parser();
    private static final JsonFormat.Printer COMPACT = JsonFormat.printer().omittingInsignificantWhitespace();

    @Test
    void givenDocumentedPublishBody_parse_fillsEveryField() throws InvalidProtocolBufferException {
        String body = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"GIFT\",\"priority\":\"HIGH\",\"giftValue\":500,"
                + "\"senderId\":\"u1\",\"payload\":{\"giftId\":7,\"names\":[\"a\",\"b\"]},\"stateKey\":\"pk.score\","
                + "\"version\":7,\"idempotencyKey\":\"k-1\"}";

        PublishRequest request = parse(body, PublishRequest.newBuilder()).build();

        assertThat(request.getScope()).isEqualTo("room");
        assertThat(request.getRoomId()).isEqualTo("r1");
        assertThat(request.getCategory()).isEqualTo("GIFT");
        assertThat(request.hasPriority()).isTrue();
        assertThat(request.getPriority()).isEqualTo("HIGH");
        assertThat(request.getGiftValue()).isEqualTo(500);
        assertThat(request.getSenderId()).isEqualTo("u1");
        assertThat(request.getPayload().getStructValue().getFieldsOrThrow("giftId").getNumberValue()).isEqualTo(7);
        assertThat(request.getStateKey()).isEqualTo("pk.score");
        assertThat(request.hasVersion()).isTrue();
        assertThat(request.getVersion()).isEqualTo(7);
        assertThat(request.getIdempotencyKey()).isEqualTo("k-1");
    }

    @Test
    void givenMinimalUnicastBody_parse_leavesOptionalsUnset() throws InvalidProtocolBufferException {
        PublishRequest request = parse("{\"scope\":\"user\",\"userId\":\"v9\",\"category\":\"NOTIFY\","
                + "\"payload\":\"hello\"}", PublishRequest.newBuilder()).build();

        assertThat(request.getUserId()).isEqualTo("v9");
        assertThat(request.hasPriority()).isFalse();
        assertThat(request.hasVersion()).isFalse();
        assertThat(request.getPayload().getStringValue()).isEqualTo("hello");
        assertThat(request.getBinaryPayload().isEmpty()).isTrue();
    }

    @Test
    void givenBatchBody_parse_keepsOrder() throws InvalidProtocolBufferException {
        PublishBatch batch = parse("{\"messages\":[{\"scope\":\"broadcast\",\"category\":\"NOTIFY\"},"
                + "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"binaryPayload\":\"AQID\"}]}",
                PublishBatch.newBuilder()).build();

        assertThat(batch.getMessagesList()).extracting(PublishRequest::getScope).containsExactly("broadcast", "room");
        assertThat(batch.getMessages(1).getBinaryPayload().toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void givenMisspelledField_parse_fails() {
        assertThatThrownBy(() -> parse("{\"scope\":\"room\",\"room_idx\":\"r1\"}", PublishRequest.newBuilder()))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void givenAnswers_print_useTheDocumentedNames() throws InvalidProtocolBufferException {
        PublishResponse accepted = PublishResponse.newBuilder().setId("m1").setCursor("1764288000123-42")
                .setStatus("accepted").setPriority("HIGH").build();
        PublishResponse discarded = PublishResponse.newBuilder().setId("m2").setStatus("discarded")
                .setReason("overload").setPriority("LOWEST").build();

        assertThat(COMPACT.print(accepted))
                .isEqualTo("{\"id\":\"m1\",\"cursor\":\"1764288000123-42\",\"status\":\"accepted\",\"priority\":\"HIGH\"}");
        assertThat(COMPACT.print(PublishBatchResponse.newBuilder().addResults(accepted).addResults(discarded).build()))
                .startsWith("{\"results\":[{\"id\":\"m1\"")
                .contains("{\"id\":\"m2\",\"status\":\"discarded\",\"reason\":\"overload\",\"priority\":\"LOWEST\"}");
        assertThat(COMPACT.print(EndpointResponse.newBuilder().addTcp("host:9443").setHeartbeatMs(30_000).build()))
                .isEqualTo("{\"tcp\":[\"host:9443\"],\"heartbeatMs\":30000}");
        assertThat(COMPACT.print(ErrorResponse.newBuilder().setError(ErrorBody.newBuilder()
                .setCode("INVALID_ARGUMENT").setMessage("roomId: is required")).build()))
                .isEqualTo("{\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"roomId: is required\"}}");
    }

    private static <T extends Message.Builder> T parse(String json, T builder) throws InvalidProtocolBufferException {
        STRICT.merge(json, builder);
        return builder;
    }
}
