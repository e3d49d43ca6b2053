package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.domain.DeliveryRules;
import io.roomcast.testing.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client abusing the HTTP API (a poll flood, key guessing, trickled requests) is refused or
 * cut, and a well-behaved client beside it is served all along. Clients on different addresses
 * are played from 127.0.0.2, 127.0.0.3, ... The clock only moves by hand, so a bucket refills only
 * when a test says so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAbuseIT {
    private static final String POLL = "/api/v1/rooms/r1/messages";
    private static final String GIFT = """
            {"scope":"room","roomId":"r1","category":"GIFT","senderId":"u1","payload":{"n":1}}""";

    private static TestApi api(HttpLimits limits) {
        return new TestApi(DeliveryRules.defaults(), TestApi.config(), limits);
    }

    private static HttpLimits off() {
        return HttpLimits.defaults().withPollsPerSecond(0, 0).withAuthFailuresPerMinute(0);
    }

    private static String poll(TestApi api, String from, String query) {
        return RawHttp.request(from, api.server.port(), "GET", POLL + query, "");
    }

    @Test
    void givenOneViewerFlooding_itsPollsOverTheLimit_get429WithRetryAfter_whileAnotherViewerIsServed() {
        try (TestApi api = api(off().withPollsPerSecond(0, 2))) {
            List<Integer> flood = new ArrayList<>();
            String refused = null;
            for (int i = 0; i < 20; i++) {
                String answer = poll(api, "127.0.0.1", "?viewer=flood");
                flood.add(RawHttp.status(answer));
                if (RawHttp.status(answer) == 429) {
                    refused = answer;
                }
            }
            assertThat(flood).as("a burst of two seconds' worth, then refused").startsWith(200, 200, 200, 200)
                    .containsOnly(200, 429).filteredOn(s -> s == 200).hasSize(2 * HttpLimits.BURST_SECONDS);
            assertThat(RawHttp.header(refused, "Retry-After")).isEqualTo("1");
            assertThat(refused).contains("\"code\":\"RATE_LIMITED\"");

            assertThat(RawHttp.status(poll(api, "127.0.0.1", "?viewer=calm"))).isEqualTo(200);
            assertThat(RawHttp.status(poll(api, "127.0.0.1", ""))).as("a guest without viewer id").isEqualTo(200);
            api.clock.advance(1_000);
            assertThat(RawHttp.status(poll(api, "127.0.0.1", "?viewer=flood"))).as("after Retry-After").isEqualTo(200);
        }
    }

    @Test
    void givenOneAddressFlooding_itsPollsOverTheLimit_get429_whileAnotherAddressIsServed() {
        try (TestApi api = api(off().withPollsPerSecond(5, 0))) {
            int refused = 0;
            for (int i = 0; i < 30; i++) {
                refused += RawHttp.status(poll(api, "127.0.0.2", "?viewer=v" + i)) == 429 ? 1 : 0;
            }
            assertThat(refused).as("every viewer id is new, the address is the same").isEqualTo(30 - 5 * HttpLimits.BURST_SECONDS);
            assertThat(RawHttp.status(poll(api, "127.0.0.3", "?viewer=v1"))).isEqualTo(200);
        }
    }

    @Test
    void givenAProxyInFront_theAddressIsTheOneItAppended_andAClaimedAddressBeforeIt_changesNothing() {
        try (TestApi api = api(off().withPollsPerSecond(1, 0).withTrustForwardedFor(true))) {
            int port = api.server.port();
            for (int i = 0; i < 2; i++) {
                assertThat(RawHttp.status(RawHttp.request("127.0.0.1", port, "GET", POLL, "",
                        "X-Forwarded-For: 10.0.0." + i + ", 198.51.100.7"))).isEqualTo(200);
            }
            assertThat(RawHttp.status(RawHttp.request("127.0.0.1", port, "GET", POLL, "",
                    "X-Forwarded-For: 10.9.9.9, 198.51.100.7"))).as("a claim of its own changes nothing").isEqualTo(429);
            assertThat(RawHttp.status(RawHttp.request("127.0.0.1", port, "GET", POLL, "",
                    "X-Forwarded-For: 203.0.113.5"))).as("another client behind the same proxy").isEqualTo(200);
        }
    }

    @Test
    void givenTheDefaultLimits_manyViewersBehindOneAddress_pollingAtPollAfterMs_areNeverLimited() {
        try (TestApi api = api(HttpLimits.defaults())) {
            for (int round = 0; round < 20; round++) {
                long pollAfter = Long.MAX_VALUE;
                for (int viewer = 0; viewer < 100; viewer++) {
                    TestApi.Answer answer = api.poll("r1", "viewer=v" + viewer);
                    pollAfter = Math.min(pollAfter, answer.json(200).get("pollAfterMs").getAsLong());
                }
                api.clock.advance(pollAfter);
            }
        }
    }

    @Test
    void givenKeyGuessingFromOneAddress_itIsLimitedAndLogged_withoutTheKeys_whileAnotherAddressPublishes() {
        try (TestApi api = api(off().withAuthFailuresPerMinute(3)); LogLines logs = new LogLines()) {
            int port = api.server.port();
            for (int i = 0; i < 3; i++) {
                String answer = RawHttp.request("127.0.0.2", port, "POST", "/api/v1/messages", GIFT,
                        "Authorization: Bearer guess-number-" + i, "Content-Type: application/json");
                assertThat(RawHttp.status(answer)).isEqualTo(401);
            }
            String right = RawHttp.request("127.0.0.2", port, "POST", "/api/v1/messages", GIFT,
                    "Authorization: Bearer " + TestApi.API_KEY, "Content-Type: application/json");
            assertThat(RawHttp.status(right)).as("even the right key, so a lucky guess reveals nothing").isEqualTo(429);
            assertThat(RawHttp.header(right, "Retry-After")).isNotNull();

            String other = RawHttp.request("127.0.0.3", port, "POST", "/api/v1/messages", GIFT,
                    "Authorization: Bearer " + TestApi.API_KEY, "Content-Type: application/json");
            assertThat(RawHttp.status(other)).isEqualTo(202);

            api.clock.advance(60_000);
            assertThat(RawHttp.status(RawHttp.request("127.0.0.2", port, "POST", "/api/v1/messages", GIFT,
                    "Authorization: Bearer " + TestApi.API_KEY, "Content-Type: application/json"))).isEqualTo(202);

            assertThat(logs.lines()).filteredOn(l -> l.contains("API key refused") && l.contains("127.0.0.2")).hasSize(3);
            assertThat(logs.lines()).noneMatch(l -> l.contains("guess-number") || l.contains(TestApi.API_KEY));
        }
    }

    @Test
    void givenKeyGuessingOnTheOperationsData_itCountsTowardsTheSameLimit_andThenRefusesPublishesToo() {
        try (TestApi api = api(off().withAuthFailuresPerMinute(2)); LogLines logs = new LogLines()) {
            int port = api.server.port();
            for (int i = 0; i < 2; i++) {
                String answer = RawHttp.request("127.0.0.2", port, "GET", "/api/v1/ops", "",
                        "Authorization: Bearer guess-number-" + i);
                assertThat(RawHttp.status(answer)).isEqualTo(401);
            }
            assertThat(RawHttp.status(RawHttp.request("127.0.0.2", port, "GET", "/api/v1/ops", "",
                    "Authorization: Bearer " + TestApi.API_KEY))).isEqualTo(429);
            assertThat(RawHttp.status(RawHttp.request("127.0.0.2", port, "POST", "/api/v1/messages", GIFT,
                    "Authorization: Bearer " + TestApi.API_KEY, "Content-Type: application/json"))).isEqualTo(429);
            assertThat(RawHttp.status(RawHttp.request("127.0.0.3", port, "GET", "/api/v1/ops", "",
                    "Authorization: Bearer " + TestApi.API_KEY))).isEqualTo(200);
            assertThat(logs.lines()).filteredOn(l -> l.contains("API key refused for /api/v1/ops") && l.contains("127.0.0.2"))
                    .hasSize(2);
            assertThat(logs.lines()).noneMatch(l -> l.contains("guess-number") || l.contains(TestApi.API_KEY));
        }
    }

    @Test
    void givenHeadersTrickled_theConnectionIsCut_whileAnotherClientIsServed() {
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try (TestApi api = api(off().withTimeouts(500, 500));
             RawHttp slow = new RawHttp("127.0.0.2", api.server.port())) {
            slow.send("GET /health HTTP/1.1\r\nHost: roomcast\r\n");
            pace.scheduleAtFixedRate(() -> slow.trySend("X-Slow: a\r\n"), 100, 100, TimeUnit.MILLISECONDS);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(slow::readAll);

            assertThat(RawHttp.status(poll(api, "127.0.0.3", ""))).isEqualTo(200);
            await("cut").atMost(Duration.ofSeconds(20)).until(answer::isDone);
            assertThat(answer.join()).doesNotContain("200 OK");
        } finally {
            pace.shutdownNow();
        }
    }

    @Test
    void givenAPublishBodyTrickled_theConnectionIsCut_nothingIsPublished_andAnotherPublisherIsServed() {
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try (TestApi api = api(off().withTimeouts(500, 500));
             RawHttp slow = new RawHttp("127.0.0.2", api.server.port())) {
            var before = api.head("r1");
            slow.send("POST /api/v1/messages HTTP/1.1\r\nHost: roomcast\r\nAuthorization: Bearer " + TestApi.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + GIFT.length() + "\r\n\r\n");
            int[] sent = {0};
            pace.scheduleAtFixedRate(() -> {
                if (sent[0] < GIFT.length() - 1) {
                    slow.trySend(GIFT.substring(sent[0], ++sent[0]));
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(slow::readAll);

            await("cut").atMost(Duration.ofSeconds(20)).until(answer::isDone);
            assertThat(answer.join()).doesNotContain("202");
            assertThat(api.head("r1")).as("nothing published by the cut request").isEqualTo(before);
            assertThat(api.publishJson(GIFT).status()).isEqualTo(202);
        } finally {
            pace.shutdownNow();
        }
    }
}
