package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polling a room on a real server: what a poll answers, limits and levels, stale messages, resuming from cursors. */
class PollIT extends PublishAndPollFixture {
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
    void cursorFromTheFuture_answersAfreshWithReset() {
        api.publishJson(GIFT);

        JsonObject poll = api.poll("r1", "cursor=" + new Cursor(new Cursor.Part(api.head("r1").room().epoch(), 999), Cursor.Part.ORIGIN).encode()).json();

        assertThat(poll.get("reset").getAsBoolean()).isTrue();
        assertThat(poll.getAsJsonArray("messages")).hasSize(1);
    }

    /** The seq of a publish answer's position, {@code "<epoch36>-<seq>"} (a position in its family, not a cursor). */
    private static long seqOf(String position) {
        return Long.parseLong(position.substring(position.indexOf('-') + 1));
    }
}
