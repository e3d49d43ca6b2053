package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Guests' poll answers kept on a real server: the same question gets the same answer. */
class KeptAnswersIT extends PublishAndPollFixture {
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
}
