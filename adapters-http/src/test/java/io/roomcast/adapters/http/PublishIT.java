package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.domain.message.Cursor;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishRequest;
import io.roomcast.protocol.v1.PublishResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Publishing on a real server: retries, the room budget, batches in JSON and protobuf, publishers at once. */
class PublishIT extends PublishAndPollFixture {
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
}
