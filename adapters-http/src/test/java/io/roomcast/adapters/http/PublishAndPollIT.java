package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.protocol.v1.EndpointResponse;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishRequest;
import io.roomcast.protocol.v1.PublishResponse;
import io.roomcast.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The happy paths of the HTTP API against the real services: publish, poll, endpoint, stats, health, metrics. */
class PublishAndPollIT {
    private static final String GIFT = """
            {"scope":"room","roomId":"r1","category":"GIFT","giftValue":500,"senderId":"u1",
             "payload":{"giftId":7,"name":"rocket \\u00e9","big":12345678901234567890,"f":1.50,"list":[1,null,true]}}""";
    private static final String CHAT = """
            {"scope":"room","roomId":"r1","category":"CHAT","senderId":"u2","payload":{"text":"hi <all>"}}""";

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void giftAndChat_pollFromOrigin_returnsBothWithPayloadsAsSent() {
        TestApi.Answer gift = api.publishJson(GIFT);
        TestApi.Answer chat = api.publishJson(CHAT);

        assertThat(gift.status()).isEqualTo(202);
        assertThat(gift.contentType()).isEqualTo("application/json");
        JsonObject g = gift.json();
        assertThat(g.keySet()).containsExactly("id", "cursor", "status", "priority", "createdAt");
        assertThat(g.get("createdAt").getAsLong()).as("stamped at accept").isPositive();
        assertThat(g.get("status").getAsString()).isEqualTo("accepted");
        assertThat(g.get("priority").getAsString()).isEqualTo("NORMAL");
        assertThat(chat.json().get("priority").getAsString()).isEqualTo("LOW");
        assertThat(seqOf(chat.json().get("cursor").getAsString())).as("the room's next position")
                .isEqualTo(seqOf(g.get("cursor").getAsString()) + 1);

        TestApi.Answer poll = api.poll("r1", "cursor=0");

        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.contentType()).isEqualTo("application/json");
        JsonObject body = poll.json();
        JsonArray messages = body.getAsJsonArray("messages");
        assertThat(messages).hasSize(2);
        JsonObject first = messages.get(0).getAsJsonObject();
        assertThat(first.get("id").getAsString()).isEqualTo(g.get("id").getAsString());
        assertThat(first.get("category").getAsString()).isEqualTo("GIFT");
        assertThat(first.get("giftValue").getAsLong()).isEqualTo(500);
        assertThat(first.get("senderId").getAsString()).isEqualTo("u1");
        assertThat(poll.text()).contains(
                "\"payload\":{\"giftId\":7,\"name\":\"rocket \u00e9\",\"big\":12345678901234567890,\"f\":1.50,\"list\":[1,null,true]}");
        assertThat(messages.get(1).getAsJsonObject().getAsJsonObject("payload").get("text").getAsString())
                .isEqualTo("hi <all>");
        assertThat(body.get("cursor").getAsString()).as("the room part is the last message's position")
                .startsWith(chat.json().get("cursor").getAsString() + ".");
        assertThat(body.get("pollAfterMs").getAsLong()).isEqualTo(1_500);
        assertThat(body.getAsJsonObject("skipped").keySet()).isEmpty();
        assertThat(body.has("reset")).isFalse();
        assertThat(body.has("more")).isFalse();

        TestApi.Answer again = api.poll("r1", "cursor=" + body.get("cursor").getAsString());
        assertThat(again.json().getAsJsonArray("messages")).isEmpty();
    }

    @Test
    void noCursor_readsTheLatest_emptyRoomPollsEmpty() {
        assertThat(api.poll("quiet-room", "").json().getAsJsonArray("messages")).isEmpty();
        assertThat(api.poll("quiet-room", "").json().get("cursor").getAsString()).as("both families' heads, at seq 0")
                .matches("[0-9a-z]+-0\\.[0-9a-z]+-0");
        api.publishJson(GIFT);

        JsonObject latest = api.poll("r1", "cursor=&limit=15").json();

        assertThat(latest.getAsJsonArray("messages")).hasSize(1);
    }

    @Test
    void crowdedWindow_pollWithLimit_higherLevelsWinAndTheRestAreCountedAsSkipped() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            batch.append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":{\"n\":").append(i).append("}},");
        }
        batch.append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"NOTIFY\",\"priority\":\"critical\",\"payload\":\"kick\"},");
        batch.append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"GIFT\",\"giftValue\":5000,\"payload\":{}},");
        batch.append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"PK\",\"priority\":\"HIGH\",\"payload\":{}}]");
        JsonObject published = api.publishJson(batch.toString()).json();
        assertThat(published.getAsJsonArray("results")).hasSize(23);

        JsonObject poll = api.poll("r1", "cursor=0&limit=5").json();

        List<String> levels = new ArrayList<>();
        for (JsonElement m : poll.getAsJsonArray("messages")) {
            levels.add(m.getAsJsonObject().get("priority").getAsString());
        }
        assertThat(levels).containsExactly("LOW", "LOW", "CRITICAL", "HIGH", "HIGH");
        assertThat(poll.getAsJsonObject("skipped").get("priority").getAsInt()).isEqualTo(18);
        assertThat(poll.get("cursor").getAsString())
                .startsWith(published.getAsJsonArray("results").get(22).getAsJsonObject().get("cursor").getAsString() + ".");
    }

    @Test
    void staleChat_pollLater_isCountedAsSkippedForAge() {
        api.publishJson(CHAT);
        api.clock.advance(11_000);

        JsonObject poll = api.poll("r1", "cursor=0").json();

        assertThat(poll.getAsJsonArray("messages")).isEmpty();
        assertThat(poll.getAsJsonObject("skipped").get("age").getAsInt()).isEqualTo(1);
    }

    @Test
    void burstOfAThousandInOneMillisecond_cursorsAreDistinctOrderedAndResumeExactly() {
        api.close();
        api = new TestApi(DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(1_000_000)), TestApi.config());
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1_000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"hot\",\"category\":\"GIFT\",")
                    .append("\"giftValue\":100,\"payload\":{\"n\":").append(i).append("}}");
        }
        batch.append(']');
        JsonArray results = api.publishJson(batch.toString()).json(202).getAsJsonArray("results");

        assertThat(results).hasSize(1_000);
        List<Long> cursors = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonElement r : results) {
            assertThat(r.getAsJsonObject().get("status").getAsString()).isEqualTo("accepted");
            cursors.add(seqOf(r.getAsJsonObject().get("cursor").getAsString()));
            positions.add(r.getAsJsonObject().get("cursor").getAsString());
            ids.add(r.getAsJsonObject().get("id").getAsString());
        }
        assertThat(cursors).isSorted().doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).hasSize(1_000);

        for (int k : new int[] {0, 1, 499, 998}) {
            JsonObject next = api.poll("hot", "limit=1&cursor=" + positions.get(k) + ".0-0").json();
            JsonArray one = next.getAsJsonArray("messages");
            assertThat(one).hasSize(1);
            assertThat(one.get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(ids.get(k + 1));
            int skipped = next.getAsJsonObject("skipped").has("priority")
                    ? next.getAsJsonObject("skipped").get("priority").getAsInt() : 0;
            assertThat(1 + skipped).isEqualTo(1_000 - (k + 1));
        }

        JsonObject all = api.poll("hot", "cursor=0&limit=100").json();
        assertThat(all.getAsJsonArray("messages")).hasSize(100);
        assertThat(all.getAsJsonObject("skipped").get("priority").getAsInt()).isEqualTo(900);
        assertThat(all.get("cursor").getAsString()).isEqualTo(positions.get(999) + ".0-0");
        assertThat(api.poll("hot", "cursor=" + all.get("cursor").getAsString()).json().getAsJsonArray("messages"))
                .isEmpty();
    }

    @Test
    void retriedPublishWithIdempotencyKey_answersTheFirstResultAndStoresNothingNew() {
        String keyed = GIFT.replace("\"senderId\"", "\"idempotencyKey\":\"order-42\",\"senderId\"");
        JsonObject first = api.publishJson(keyed).json();
        Cursor head = api.head("r1");

        JsonObject retry = api.publishJson(keyed).json();

        assertThat(retry).isEqualTo(first);
        assertThat(api.head("r1")).isEqualTo(head);
        assertThat(api.poll("r1", "cursor=0").json().getAsJsonArray("messages")).hasSize(1);
        assertThat(api.get("/metrics").text()).contains("roomcast_published_total{status=\"duplicate\"} 1.0");
    }

    @Test
    void overBudget_lowestLevelsAreDiscardedWithAReason_andCounted() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 600; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"NOTIFY\",\"payload\":1}");
        }
        batch.append(']');
        JsonArray results = api.publishJson(batch.toString()).json(202).getAsJsonArray("results");

        long discarded = 0;
        for (JsonElement r : results) {
            JsonObject o = r.getAsJsonObject();
            if (o.get("status").getAsString().equals("discarded")) {
                discarded++;
                assertThat(o.get("reason").getAsString()).isEqualTo("overload");
                assertThat(o.has("cursor")).isFalse();
                assertThat(o.get("priority").getAsString()).isEqualTo("LOWEST");
            }
        }
        assertThat(discarded).isPositive().isLessThan(600);
        JsonObject stats = api.get("/api/v1/rooms/r1").json();
        assertThat(stats.get("roomId").getAsString()).isEqualTo("r1");
        assertThat(stats.get("published").getAsLong()).isEqualTo(600 - discarded);
        assertThat(stats.getAsJsonObject("discarded").get("overload").getAsLong()).isEqualTo(discarded);
        String metrics = api.get("/metrics").text();
        assertThat(metrics).contains("roomcast_discarded_total{reason=\"overload\"} " + discarded + ".0");
        assertThat(metrics).contains("roomcast_published_total{status=\"discarded\"} " + discarded + ".0");
    }

    @Test
    void unicastMessage_reachesOnlyItsSignedInUser() {
        api.publishJson("{\"scope\":\"user\",\"userId\":\"u9\",\"category\":\"NOTIFY\",\"payload\":{\"dm\":1}}");

        JsonObject guest = api.poll("r1", "cursor=0").json();
        JsonObject other = api.get("/api/v1/rooms/r1/messages?cursor=0",
                "Bearer " + TestTokens.valid("u8"), null).json();
        JsonObject owner = api.get("/api/v1/rooms/r1/messages?cursor=0",
                "Bearer " + TestTokens.valid("u9"), null).json();

        assertThat(guest.getAsJsonArray("messages")).isEmpty();
        assertThat(other.getAsJsonArray("messages")).isEmpty();
        assertThat(owner.getAsJsonArray("messages")).hasSize(1);
        assertThat(owner.getAsJsonArray("messages").get(0).getAsJsonObject().get("userId").getAsString()).isEqualTo("u9");
    }

    @Test
    void pollers_countInTheRoomStats() {
        api.poll("r1", "viewer=v1");
        api.poll("r1", "viewer=v2");
        api.get("/api/v1/rooms/r1/messages", "Bearer " + TestTokens.valid("u5"), null);

        JsonObject stats = api.get("/api/v1/rooms/r1").json();

        assertThat(stats.get("online").getAsInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/rooms/never-seen").text())
                .isEqualTo("{\"roomId\":\"never-seen\",\"online\":0,\"published\":0,\"publishedPerSecond\":0.0,\"discarded\":{},"
                        + "\"countedSince\":1764288000000}\n");
    }

    @Test
    void protobufPublishAndPoll_roundTripTheSchema() throws Exception {
        PublishRequest request = PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("GIFT")
                .setGiftValue(2_000).setSenderId("u1")
                .setPayload(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("giftId", Value.newBuilder().setNumberValue(7).build())
                        .putFields("ratio", Value.newBuilder().setNumberValue(0.5).build())))
                .build();

        TestApi.Answer answer = api.post("application/x-protobuf", request.toByteArray(), "application/x-protobuf");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.contentType()).isEqualTo("application/x-protobuf");
        PublishResponse published = PublishResponse.parseFrom(answer.body());
        assertThat(published.getStatus()).isEqualTo("accepted");
        assertThat(published.getPriority()).isEqualTo("HIGH");

        PublishBatch batch = PublishBatch.newBuilder()
                .addMessages(PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("CHAT")
                        .setBinaryPayload(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3})))
                .addMessages(PublishRequest.newBuilder().setScope("room").setRoomId("r1").setCategory("CHAT"))
                .build();
        TestApi.Answer batchAnswer = api.post("application/x-protobuf; proto=roomcast.v1.PublishBatch",
                batch.toByteArray(), "application/x-protobuf");
        assertThat(PublishBatchResponse.parseFrom(batchAnswer.body()).getResultsList()).hasSize(2);

        TestApi.Answer poll = api.get("/api/v1/rooms/r1/messages?cursor=0", null, "application/x-protobuf");
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.contentType()).isEqualTo("application/x-protobuf");
        PollResponse response = PollResponse.parseFrom(poll.body());
        assertThat(response.getMessagesList()).hasSize(3);
        assertThat(response.getMessages(0).getId()).isEqualTo(published.getId());
        assertThat(response.getMessages(0).getPayload().toStringUtf8()).isEqualTo("{\"giftId\":7,\"ratio\":0.5}");
        assertThat(response.getMessages(1).getBinaryPayload()).isTrue();
        assertThat(response.getMessages(1).getPayload().toByteArray()).containsExactly(1, 2, 3);
        assertThat(Cursor.parse(response.getCursor()).room()).isEqualTo(api.head("r1").room());
        assertThat(response.getPollAfterMs()).isEqualTo(1_500);

        JsonObject json = api.poll("r1", "cursor=0").json();
        assertThat(json.getAsJsonArray("messages").get(1).getAsJsonObject().get("payloadBase64").getAsString())
                .isEqualTo("AQID");
    }

    @Test
    void jsonBatchInAnObject_answersResultsInOrder() {
        JsonObject answer = api.publishJson("{\"messages\":[" + GIFT + "," + CHAT + "]}").json();

        JsonArray results = answer.getAsJsonArray("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).getAsJsonObject().get("priority").getAsString()).isEqualTo("NORMAL");
        assertThat(results.get(1).getAsJsonObject().get("priority").getAsString()).isEqualTo("LOW");
    }

    @Test
    void endpoint_withUserToken_answersTheAdvertisedEndpoints() throws Exception {
        TestApi.Answer json = api.get("/api/v1/endpoint?roomId=r1", "Bearer " + TestTokens.valid("u1"), null);
        TestApi.Answer proto = api.get("/api/v1/endpoint?roomId=r1", "Bearer " + TestTokens.valid("u1"),
                "application/x-protobuf");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.text()).isEqualTo("{\"tcp\":[\"" + TestApi.TCP + "\"],\"heartbeatMs\":30000}\n");
        assertThat(EndpointResponse.parseFrom(proto.body()).getTcpList()).containsExactly(TestApi.TCP);
    }

    @Test
    void health_isUpWhileTheStoreAnswers_andDownWhenItDoesNot() {
        TestApi.Answer up = api.get("/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.text()).as("JSON answers end with a newline").isEqualTo("{\"status\":\"up\"}\n");

        api.store.down(true);
        TestApi.Answer down = api.get("/health");

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").getAsString()).isEqualTo("down");
        assertThat(down.json().getAsJsonObject("error").get("code").getAsString()).isEqualTo("STORE_UNAVAILABLE");
    }

    @Test
    void metrics_exposePublishesPollsAndLatencyHistograms() {
        api.publishJson(GIFT);
        api.poll("r1", "cursor=0");
        api.poll("r1", "cursor=bad");

        // A request is timed when its exchange ends, just after the client has its answer: allow for that.
        String pollTimer = "roomcast_http_requests_seconds_count{route=\"/api/v1/rooms/{roomId}/messages\",status=\"400\"} 1";
        TestApi.Answer metrics = api.get("/metrics");
        for (int i = 0; i < 100 && !metrics.text().contains(pollTimer); i++) {
            metrics = api.get("/metrics");
        }

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text())
                .contains("roomcast_published_total{status=\"accepted\"} 1.0")
                .contains("roomcast_polls_total{viewer=\"guest\"} 1.0")
                .contains("roomcast_poll_messages_total 1.0")
                .contains("roomcast_http_requests_seconds_bucket{route=\"/api/v1/messages\",status=\"202\",le=")
                .contains(pollTimer);
    }

    @Test
    void aGuestPollingFlatOutOnOneConnection_isCountedAtMostEvery100ms_andStaysCounted() throws Exception {
        api.close();
        api = new TestApi(DeliveryRules.defaults(), TestApi.config().withPollCacheMs(10_000));
        api.publishJson(GIFT);
        RoomId room = RoomId.of("r1");
        String poll = "GET /api/v1/rooms/r1/messages?cursor=0&viewer=v1 HTTP/1.1\r\nHost: roomcast\r\n\r\n";
        List<Long> seen = new ArrayList<>();
        try (RawHttp connection = new RawHttp("127.0.0.1", api.server.port())) {
            for (int i = 0; i < 6; i++) {
                connection.send(poll);
                assertThat(RawHttp.status(connection.readAnswer())).isEqualTo(200);
                seen.add(api.directory.lastPoll(room, "v1"));
                api.clock.advance(50);
            }
            connection.send(poll.replace("viewer=v1", "viewer=v2"));
            assertThat(RawHttp.status(connection.readAnswer())).isEqualTo(200);
        }
        long start = seen.get(0);
        // The first poll misses the kept answers and counts the viewer itself; the kept answers after it
        // count it on this connection at 50 ms, then not at 100 (50 ms later), then at 150, ...
        assertThat(seen).as("the viewer's time in the directory after each poll")
                .containsExactly(start, start + 50, start + 50, start + 150, start + 150, start + 250);
        assertThat(api.directory.lastPoll(room, "v2")).as("another viewer on the same connection, at once")
                .isEqualTo(api.clock.millis());
        assertThat(api.directory.online(room, api.clock.millis())).as("both online").isEqualTo(2);
    }

    @Test
    void guestsAskingTheSameQuestion_getTheSameAnswerFromTheCache() throws Exception {
        api.close();
        api = new TestApi(DeliveryRules.defaults(), TestApi.config().withPollCacheMs(1_000));
        api.publishJson(GIFT);

        TestApi.Answer first = api.poll("r1", "cursor=0");
        api.publishJson(CHAT);
        TestApi.Answer second = api.poll("r1", "cursor=0&viewer=guest-7");
        int online = api.directory.online(RoomId.of("r1"), api.clock.millis());
        TestApi.Answer asProtobuf = api.get("/api/v1/rooms/r1/messages?cursor=0", null, "application/x-protobuf");
        TestApi.Answer otherLimit = api.poll("r1", "cursor=0&limit=10");
        TestApi.Answer signedIn = api.get("/api/v1/rooms/r1/messages?cursor=0", "Bearer " + TestTokens.valid("u5"), null);
        api.clock.advance(1_001);
        TestApi.Answer later = api.poll("r1", "cursor=0");

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("\"giftValue\":500");
        assertThat(online).as("a kept answer still counts its viewer").isEqualTo(1);
        assertThat(PollResponse.parseFrom(asProtobuf.body()).getMessagesCount()).as("the same kept answer, as protobuf").isEqualTo(1);
        assertThat(otherLimit.json().getAsJsonArray("messages")).as("another question").hasSize(2);
        assertThat(signedIn.json().getAsJsonArray("messages")).as("signed-in viewers read fresh").hasSize(2);
        assertThat(later.json().getAsJsonArray("messages")).hasSize(2);
    }

    @Test
    void givenKeptAnswers_aBadCursorStillFails_andTheDefaultLimitIsTheSameQuestionAsAskingIt() {
        api.close();
        api = new TestApi(DeliveryRules.defaults(), TestApi.config().withPollCacheMs(1_000));
        api.publishJson(GIFT);

        TestApi.Answer byDefault = api.poll("r1", "cursor=0");
        api.publishJson(CHAT);
        TestApi.Answer asked = api.poll("r1", "cursor=0&limit=" + DeliveryRules.defaults().polling().defaultLimit());

        assertThat(asked.body()).isEqualTo(byDefault.body());
        api.poll("r1", "cursor=bad").error(400, "INVALID_CURSOR");
        api.poll("r1", "cursor=0&limit=0").error(400, "INVALID_ARGUMENT");
    }

    @Test
    void cursorFromTheFuture_answersAfreshWithReset() {
        api.publishJson(GIFT);

        JsonObject poll = api.poll("r1", "cursor=" + new Cursor(new Cursor.Part(api.head("r1").room().epoch(), 999), Cursor.Part.ORIGIN).encode()).json();

        assertThat(poll.get("reset").getAsBoolean()).isTrue();
        assertThat(poll.getAsJsonArray("messages")).hasSize(1);
    }

    @Test
    void manyPublishesAtOnce_allAnsweredAndStoredOnce() throws Exception {
        int threads = 8;
        int each = 25;
        List<Thread> workers = new ArrayList<>();
        Set<String> cursors = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    cursors.add(api.publishJson(CHAT).json().get("cursor").getAsString());
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(cursors).hasSize(threads * each);
        assertThat(api.head("r1").room().seq()).isEqualTo(threads * each);
    }

    /** The seq of a publish answer's position, {@code "<epoch36>-<seq>"} (a position in its family, not a cursor). */
    private static long seqOf(String position) {
        return Long.parseLong(position.substring(position.indexOf('-') + 1));
    }
}
