package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Cursor;
import io.roomcast.testing.TestTokens;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input answers the right status and {@code {"error":{"code","message"}}}, and
 * none stores anything.
 */
class BadInputIT {
    private static final String OK = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":{\"t\":1}}";
    private static final int MAX_BODY = 64 * 1024;

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(DeliveryRules.defaults(), TestApi.config().withMaxBodyBytes(MAX_BODY));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Checks the answer and that the store is still empty; returns the error message. */
    private String rejected(TestApi.Answer answer, int status, String code) {
        String message = answer.error(status, code);
        assertThat(api.head("r1").room().seq()).as("nothing stored").isZero();
        return message;
    }

    static Stream<Arguments> badJsonBodies() {
        return Stream.of(
                Arguments.of("truncated JSON", "{\"scope\":\"room\",", "malformed JSON"),
                Arguments.of("lenient JSON", "{scope:'room'}", "malformed JSON"),
                Arguments.of("trailing data", OK + " []", "body"),
                Arguments.of("not an object", "\"hello\"", "must be a JSON object"),
                Arguments.of("wrong type", OK.replace("\"payload\"", "\"giftValue\":\"lots\",\"payload\""), "giftValue"),
                Arguments.of("object for a string", OK.replace("\"room\"", "{}"), "scope"),
                Arguments.of("unknown field", OK.replace("\"payload\"", "\"colour\":\"red\",\"payload\""), "colour"),
                Arguments.of("invalid room id", OK.replace("\"r1\"", "\"r 1\""), "roomId"),
                Arguments.of("unknown scope", OK.replace("\"room\"", "\"planet\""), "scope"),
                Arguments.of("unknown category", OK.replace("CHAT", "GIFTS"), "category"),
                Arguments.of("unknown priority", OK.replace("\"payload\"", "\"priority\":\"URGENT\",\"payload\""), "priority"),
                Arguments.of("missing category", OK.replace("\"category\":\"CHAT\",", ""), "category"),
                Arguments.of("negative gift value", OK.replace("CHAT", "GIFT").replace("\"payload\"", "\"giftValue\":-5,\"payload\""),
                        "giftValue"),
                Arguments.of("user scope without user", OK.replace("\"room\",\"roomId\":\"r1\"", "\"user\""), "userId"),
                Arguments.of("version without state key", OK.replace("\"payload\"", "\"version\":3,\"payload\""), "version"),
                Arguments.of("bad sender id", OK.replace("\"payload\"", "\"senderId\":\"a b\",\"payload\""), "senderId"),
                Arguments.of("two payloads", OK.replace("\"payload\"", "\"binaryPayload\":\"AQID\",\"payload\""), "payload"),
                Arguments.of("bad item in a batch", "[" + OK + "," + OK + "," + OK.replace("CHAT", "SHOUT") + "]",
                        "messages[2]: category"),
                Arguments.of("not an object in a batch", "[" + OK + ",7]", "messages[1]"),
                Arguments.of("empty batch", "[]", "at least one"),
                Arguments.of("batch beside other fields", "{\"messages\":[" + OK + "],\"x\":1}", "x"),
                Arguments.of("too deep", "[".repeat(100) + "]".repeat(100), "deeper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJsonBodies")
    void badJsonBody_is400NamingTheProblem_andStoresNothing(String name, String body, String named) {
        String message = rejected(api.publishJson(body), 400, "INVALID_ARGUMENT");

        assertThat(message).contains(named);
    }

    @Test
    void unknownCategory_errorQuotesTheValuePlainly_andEndsWithANewline() {
        TestApi.Answer answer = api.publishJson(OK.replace("CHAT", "SONG"));

        assertThat(answer.text()).isEqualTo("{\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"category: unknown"
                + " value 'SONG', valid values are [GIFT, CHAT, NOTIFY, PK]\"}}\n");
    }

    @Test
    void invalidUtf8_is400() {
        byte[] body = OK.replace("\"t\":1", "\"t\":\"xx\"").getBytes(StandardCharsets.UTF_8);
        int x = new String(body, StandardCharsets.UTF_8).indexOf("xx");
        body[x] = (byte) 0xC3;
        body[x + 1] = (byte) 0x28;

        assertThat(rejected(api.post("application/json", body, null), 400, "INVALID_ARGUMENT")).contains("UTF-8");
    }

    @Test
    void emptyBody_is400() {
        assertThat(rejected(api.post("application/json", new byte[0], null), 400, "INVALID_ARGUMENT")).contains("empty");
    }

    @Test
    void malformedProtobuf_is400() {
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, 0x01, 0x02};

        assertThat(rejected(api.post("application/x-protobuf", garbage, null), 400, "INVALID_ARGUMENT"))
                .contains("protobuf");
    }

    @Test
    void missingOrWrongApiKey_is401() {
        HttpRequest.Builder none = HttpRequest.newBuilder(api.uri("/api/v1/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(OK));
        TestApi.Answer missing = api.send(none);
        assertThat(rejected(missing, 401, "UNAUTHENTICATED")).contains("missing API key");
        assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer");

        for (String authorization : new String[] {"Bearer wrong-key-0123456789", "Basic dXNlcjpwYXNz",
                "Bearer " + TestApi.API_KEY + "x", "Bearer"}) {
            HttpRequest.Builder wrong = HttpRequest.newBuilder(api.uri("/api/v1/messages"))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(OK));
            rejected(api.send(wrong), 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void bodyOverTheLimit_is413() {
        byte[] big = new byte[MAX_BODY + 1];
        Arrays.fill(big, (byte) ' ');

        assertThat(rejected(api.post("application/json", big, null), 413, "TOO_LARGE")).contains(Integer.toString(MAX_BODY));
    }

    @Test
    void chunkedBodyOverTheLimit_is413WhileReceiving() {
        byte[] chunk = new byte[8 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/api/v1/messages"))
                .header("Authorization", "Bearer " + TestApi.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(chunks(chunk, 12)));

        rejected(api.send(request), 413, "TOO_LARGE");
    }

    @Test
    void chunkedBodyWithinTheLimit_isPublished() {
        byte[] body = OK.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/api/v1/messages"))
                .header("Authorization", "Bearer " + TestApi.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(chunks(body, 1)));

        assertThat(api.send(request).status()).isEqualTo(202);
    }

    @Test
    void payloadOverTheRuleLimit_is413_andABatchWithOneStoresNothing() {
        String huge = OK.replace("{\"t\":1}", "\"" + "x".repeat(DeliveryRules.DEFAULT_MAX_PAYLOAD_BYTES) + "\"");

        assertThat(rejected(api.publishJson(huge), 413, "TOO_LARGE")).contains("payload");
        assertThat(rejected(api.publishJson("[" + OK + "," + huge + "]"), 413, "TOO_LARGE")).contains("messages[1]");
    }

    @Test
    void wrongContentType_is415() {
        assertThat(rejected(api.post("text/plain", OK.getBytes(StandardCharsets.UTF_8), null), 415,
                "UNSUPPORTED_MEDIA_TYPE")).contains("text/plain");
        rejected(api.post("application/x-protobuf; proto=roomcast.v1.Nonsense", new byte[] {1}, null), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        HttpRequest.Builder untyped = HttpRequest.newBuilder(api.uri("/api/v1/messages"))
                .header("Authorization", "Bearer " + TestApi.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(OK));
        assertThat(rejected(api.send(untyped), 415, "UNSUPPORTED_MEDIA_TYPE")).contains("missing");
    }

    @Test
    void wrongMethod_is405WithAllow() {
        TestApi.Answer get = api.get("/api/v1/messages");
        rejected(get, 405, "METHOD_NOT_ALLOWED");
        assertThat(get.headers().firstValue("allow")).hasValue("POST");

        TestApi.Answer post = api.send(HttpRequest.newBuilder(api.uri("/api/v1/rooms/r1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString(OK)));
        rejected(post, 405, "METHOD_NOT_ALLOWED");
        assertThat(post.headers().firstValue("allow")).hasValue("GET");

        rejected(api.send(HttpRequest.newBuilder(api.uri("/health")).DELETE()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void unknownRoute_is404() {
        for (String path : new String[] {"/", "/api/v2/messages", "/api/v1/rooms/", "/api/v1/rooms/r1/other",
                "/api/v1/rooms//messages", "/api/v1/messages/", "/healthz"}) {
            assertThat(rejected(api.get(path), 404, "NOT_FOUND")).as(path).contains("no such route");
        }
    }

    @Test
    void badCursor_is400InvalidCursor() {
        for (String cursor : new String[] {"abc", "12-", "-5", "1-2-3", "9".repeat(50)}) {
            assertThat(rejected(api.poll("r1", "cursor=" + cursor), 400, "INVALID_CURSOR")).contains("cursor");
        }
    }

    @Test
    void limitOutOfRangeOrNotANumber_is400() {
        for (String limit : new String[] {"0", "101", "-1", "ten", "99999999999", "1.5"}) {
            assertThat(rejected(api.poll("r1", "limit=" + limit), 400, "INVALID_ARGUMENT")).as(limit).contains("limit");
        }
    }

    @Test
    void invalidRoomIdOrViewer_is400() {
        assertThat(rejected(api.poll("r%20x", ""), 400, "INVALID_ARGUMENT")).contains("roomId");
        assertThat(rejected(api.poll("r".repeat(65), ""), 400, "INVALID_ARGUMENT")).contains("roomId");
        assertThat(rejected(api.get("/api/v1/rooms/r%2Bx"), 400, "INVALID_ARGUMENT")).contains("roomId");
        assertThat(rejected(api.poll("r1", "viewer=a%20b"), 400, "INVALID_ARGUMENT")).contains("viewer");
    }

    @Test
    void badOrExpiredUserToken_is401_neverASilentGuest() {
        String path = "/api/v1/rooms/r1/messages";
        assertThat(rejected(api.get(path,
                "Bearer " + TestTokens.expired("u1"), null), 401, "UNAUTHENTICATED")).contains("expired");
        assertThat(rejected(api.get(path, "Bearer forged", null), 401, "UNAUTHENTICATED")).contains("signature");
        rejected(api.get(path, "Basic dXNlcjpwYXNz", null), 401, "UNAUTHENTICATED");
        rejected(api.get(path, "Bearer " + TestTokens.valid("not valid!"), null), 401, "UNAUTHENTICATED");
    }

    @Test
    void endpointWithoutTokenOrRoom_is401Or400() {
        rejected(api.get("/api/v1/endpoint?roomId=r1"), 401, "UNAUTHENTICATED");
        rejected(api.get("/api/v1/endpoint?roomId=r1",
                "Bearer " + TestTokens.expired("u1"), null), 401, "UNAUTHENTICATED");
        assertThat(rejected(api.get("/api/v1/endpoint",
                "Bearer " + TestTokens.valid("u1"), null), 400, "INVALID_ARGUMENT"))
                .contains("roomId");
        rejected(api.get("/api/v1/endpoint?roomId=r%20x",
                "Bearer " + TestTokens.valid("u1"), null), 400, "INVALID_ARGUMENT");
    }

    @Test
    void unexpectedFailure_is500WithAGenericMessage() {
        String message = rejected(api.get("/api/v1/rooms/r1/messages",
                "Bearer " + TestTokens.BROKEN, null), 500, "INTERNAL");

        assertThat(message).doesNotContain("verifier broke");
    }

    @Test
    void storeDown_is503ForPublishAndPoll() {
        api.store.down(true);
        TestApi.Answer publish = api.publishJson(OK);
        TestApi.Answer poll = api.poll("r1", "cursor=0");
        api.store.down(false);

        rejected(publish, 503, "STORE_UNAVAILABLE");
        rejected(poll, 503, "STORE_UNAVAILABLE");
    }

    /** A body sent in {@code count} chunks of {@code chunk}, without a length: chunked transfer encoding. */
    private static Flow.Publisher<ByteBuffer> chunks(byte[] chunk, int count) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int sent;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && sent < count; i++) {
                    sent++;
                    subscriber.onNext(ByteBuffer.wrap(chunk));
                }
                if (sent == count && !done) {
                    done = true;
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                sent = count;
                done = true;
            }
        });
    }
}
