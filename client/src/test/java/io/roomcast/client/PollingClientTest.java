package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roomcast.protocol.v1.ErrorBody;
import io.roomcast.protocol.v1.ErrorResponse;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.Skipped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingClientTest {
    private static final String PROTOBUF = "application/x-protobuf";

    private static PollResponse answer(int n, boolean more, int pollAfterMs) {
        return PollResponse.newBuilder()
                .addMessages(Message.newBuilder().setId("m" + n))
                .setCursor("1000-" + n)
                .setPollAfterMs(pollAfterMs)
                .setMore(more)
                .setSkipped(Skipped.newBuilder().setPriority(n))
                .build();
    }

    @Test
    void givenAnswers_pollOnce_asksForProtobuf_andChainsTheCursor() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(200, PROTOBUF,
                answer(n.incrementAndGet(), false, 1500).toByteArray()))) {
            PollingClient client = PollingClient.builder(http.base(), "r1").token("tok").limit(15).build();
            PollResponse first = client.pollOnce();
            assertThat(first.getMessages(0).getId()).isEqualTo("m1");
            assertThat(client.cursor()).isEqualTo("1000-1");
            client.pollOnce();

            assertThat(http.requests.get(0).path()).isEqualTo("/api/v1/rooms/r1/messages");
            assertThat(http.requests.get(0).query()).isEqualTo("limit=15");
            assertThat(http.requests.get(0).accept()).isEqualTo(PROTOBUF);
            assertThat(http.requests.get(0).authorization()).isEqualTo("Bearer tok");
            assertThat(http.requests.get(1).query()).isEqualTo("cursor=1000-1&limit=15");
        }
    }

    @Test
    void givenPollAfterMsAndMore_nextDelay_honoursThem() {
        assertThat(PollingClient.nextDelayMillis(answer(1, false, 2000))).isEqualTo(2000);
        assertThat(PollingClient.nextDelayMillis(answer(1, true, 2000))).as("more waiting: at once").isZero();
    }

    @Test
    void givenARunningLoop_start_pollsAgainAndAgain_withEachNewCursor() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(200, PROTOBUF,
                answer(n.incrementAndGet(), n.get() % 2 == 1, 10).toByteArray()))) {
            List<PollResponse> seen = new CopyOnWriteArrayList<>();
            CountDownLatch five = new CountDownLatch(5);
            PollingClient client = PollingClient.builder(http.base(), "r1").cursor("0")
                    .listener(new PollingListener() {
                        @Override
                        public void onPoll(PollResponse response) {
                            seen.add(response);
                            five.countDown();
                        }
                    }).build().start();
            try {
                assertThat(five.await(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                client.close();
            }
            assertThat(seen.get(0).getMessages(0).getId()).isEqualTo("m1");
            assertThat(http.requests.get(0).query()).isEqualTo("cursor=0");
            for (int i = 1; i < 5; i++) {
                assertThat(http.requests.get(i).query()).isEqualTo("cursor=1000-" + i);
            }
        }
    }

    @Test
    void givenUnauthorized_theLoop_reportsAndStops() throws Exception {
        byte[] body = ErrorResponse.newBuilder().setError(ErrorBody.newBuilder().setCode("UNAUTHENTICATED")
                .setMessage("bad token")).build().toByteArray();
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(401, PROTOBUF, body))) {
            List<Exception> errors = new CopyOnWriteArrayList<>();
            CountDownLatch failed = new CountDownLatch(1);
            PollingClient client = PollingClient.builder(http.base(), "r1").token("x")
                    .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                    .listener(new PollingListener() {
                        @Override
                        public void onError(Exception error) {
                            errors.add(error);
                            failed.countDown();
                        }
                    }).build().start();
            try {
                assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
                // It closes itself after the 401: once closed there is no later poll to wait for.
                await().until(client::isClosed);
            } finally {
                client.close();
            }
            assertThat(http.requests).hasSize(1);
            assertThat(errors.get(0)).isInstanceOfSatisfying(RoomcastHttpException.class,
                    e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"));
        }
    }

    @Test
    void givenAServerThatAnswersJson_pollOnce_saysItAskedForProtobuf() throws Exception {
        try (FakeHttp http = new FakeHttp(r -> new FakeHttp.Answer(200, "application/json",
                "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> PollingClient.builder(http.base(), "r1").build().pollOnce())
                    .hasMessageContaining("application/x-protobuf");
        }
    }
}
