package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishRequest;
import io.roomcast.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzing what the HTTP API parses from outside: publish bodies (JSON, protobuf, protobuf batch)
 * and the poll's query parameters (cursor, limit, viewer). Seeds: the committed
 * {@code fuzz/publish-json.corpus} and protobuf requests built here, mutated, plus random bytes
 * and text. Every input is either accepted or refused with a RoomcastException carrying a
 * client-error code (400/413): nothing else escapes, so nothing becomes a 500. Tries:
 * {@code -Djqwik.tries.default} (see {@code scripts/fuzz.sh}).
 */
class HttpInputFuzzProperties {
    private static final PublishRequests REQUESTS = new PublishRequests(4_096);
    private static final List<byte[]> JSON = FuzzInputs.corpus("publish-json");
    private static final List<byte[]> PROTOBUF = protobufSeeds();

    private static List<byte[]> protobufSeeds() {
        PublishRequest gift = PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("GIFT")
                .setPriority("HIGH").setGiftValue(500).setSenderId("u1")
                .setPayload(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("n", Value.newBuilder().setNumberValue(3).build()))).build();
        PublishRequest state = PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("PK")
                .setStateKey("pk.score").setVersion(7).setBinaryPayload(ByteString.copyFromUtf8("bin")).build();
        PublishRequest user = PublishRequest.newBuilder().setScope("user").setUserId("u9").setCategory("NOTIFY")
                .setIdempotencyKey("k1").setPayload(Value.newBuilder().setStringValue("hi")).build();
        return List.of(gift.toByteArray(), state.toByteArray(), user.toByteArray(),
                PublishBatch.newBuilder().addMessages(gift).addMessages(state).addMessages(user).build().toByteArray());
    }

    private static Arbitrary<byte[]> mutationsOf(List<byte[]> seeds) {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs()).as(FuzzInputs::mutate);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return Arbitraries.frequencyOf(Tuple.of(4, mutated), Tuple.of(1, random));
    }

    @Provide
    Arbitrary<byte[]> jsonBodies() {
        return mutationsOf(JSON);
    }

    @Provide
    Arbitrary<byte[]> protobufBodies() {
        return mutationsOf(PROTOBUF);
    }

    @Provide
    Arbitrary<String> parameters() {
        Arbitrary<String> printable = Arbitraries.strings().ascii().ofMaxLength(70);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(70);
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789-+").ofMaxLength(25);
        return Arbitraries.oneOf(printable, any, digits, Arbitraries.of("", "0", "-0", "2147483648", "-2147483649",
                "999999999", "1764288000123-42", "\u0661\u0662"));
    }

    private static void refusedAsClientError(RoomcastException e) {
        assertThat(e.code()).as(e.getMessage()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.TOO_LARGE,
                ErrorCode.INVALID_CURSOR);
        assertThat(Errors.status(e.code())).isBetween(400, 499);
    }

    @Property
    void publishJson_anyBody_isParsed_orRefusedAsAClientError(@ForAll("jsonBodies") byte[] body) {
        try {
            PublishRequests.Parsed parsed = REQUESTS.fromJson(body);
            assertThat(parsed.commands()).isNotEmpty();
        } catch (RoomcastException e) {
            refusedAsClientError(e);
        }
    }

    @Property
    void publishProtobuf_anyBody_singleOrBatch_isParsed_orRefusedAsAClientError(
            @ForAll("protobufBodies") byte[] body, @ForAll boolean batch) {
        try {
            REQUESTS.fromProtobuf(body, batch);
        } catch (RoomcastException e) {
            refusedAsClientError(e);
        }
    }

    @Property
    void pollParameters_anyText_isReadOrRefusedAsAClientError(@ForAll("parameters") String text) {
        try {
            PollHandler.limit(text);
        } catch (RoomcastException e) {
            refusedAsClientError(e);
        }
        try {
            assertThat(PollHandler.viewer(text)).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).isEqualTo(text));
        } catch (RoomcastException e) {
            refusedAsClientError(e);
        }
        try {
            Cursor cursor = Cursor.parse(text);
            assertThat(Cursor.parse(cursor.encode())).isEqualTo(cursor);
        } catch (RoomcastException e) {
            refusedAsClientError(e);
        }
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotNull();
    }
}
