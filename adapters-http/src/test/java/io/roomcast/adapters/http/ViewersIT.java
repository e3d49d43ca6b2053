package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who reads what and who is counted on a real server: unicast messages, pollers in the room stats, a guest polling flat out. */
class ViewersIT extends PublishAndPollFixture {
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
}
