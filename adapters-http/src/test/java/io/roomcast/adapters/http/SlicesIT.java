package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.policy.SlicePolicy;
import io.roomcast.protocol.v1.Slice;
import io.roomcast.protocol.v1.SliceHead;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The slices routes on a real server: answers, and the cache headers of head, closed, open and gone slices. */
class SlicesIT {
    private static final String CHAT = """
            {"scope":"room","roomId":"r1","category":"CHAT","senderId":"u2","payload":{"text":"hi"}}""";
    private static final String GIFT = """
            {"scope":"room","roomId":"r1","category":"GIFT","giftValue":500,"senderId":"u1","payload":{"giftId":7}}""";
    private static final String PROTOBUF = "application/x-protobuf";

    private TestApi api;
    private long n;

    @BeforeEach
    void start() {
        api = new TestApi();
        n = api.clock.millis() / 1_000;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String slices(long slice) {
        return "/api/v1/rooms/r1/slices/" + slice;
    }

    /** Publishes a gift and a chat in slice {@code n}, then moves the clock to where it has closed. */
    private void publishAndClose() {
        api.clock.set(n * 1_000 + 100);
        assertThat(api.publishJson(GIFT).status()).isEqualTo(202);
        assertThat(api.publishJson(CHAT).status()).isEqualTo(202);
        api.clock.set((n + 1) * 1_000 + SlicePolicy.DEFAULT_CLOSE_MILLIS);
    }

    @Test
    void head_namesTheNewestClosedSliceAndMayBeCachedForASecond() throws Exception {
        publishAndClose();

        TestApi.Answer json = api.get("/api/v1/rooms/r1/slices");
        TestApi.Answer proto = api.get("/api/v1/rooms/r1/slices", null, PROTOBUF);

        JsonObject head = json.json(200);
        assertThat(head.get("roomId").getAsString()).isEqualTo("r1");
        assertThat(head.get("slice").getAsString()).as("a uint64: a JSON string").isEqualTo(Long.toString(n));
        assertThat(head.get("sliceMs").getAsInt()).isEqualTo(1_000);
        assertThat(head.get("pollAfterMs").getAsInt()).isEqualTo(1_500);
        assertThat(json.headers().firstValue("cache-control")).hasValue(SliceHandler.HEAD_CACHE);
        assertThat(json.headers().allValues("vary")).contains("Accept");
        assertThat(api.registry.counter("roomcast.polls", "viewer", "slice").count()).as("answered by the node").isEqualTo(2);
        SliceHead decoded = SliceHead.parseFrom(proto.body());
        assertThat(decoded.getSlice()).isEqualTo(n);
        assertThat(proto.contentType()).isEqualTo(PROTOBUF);
    }

    @Test
    void closedSlice_isImmutableWithAStrongTagPerFormat_and304ToItsTag() throws Exception {
        publishAndClose();

        TestApi.Answer json = api.get(slices(n));
        TestApi.Answer proto = api.get(slices(n), null, PROTOBUF);

        JsonObject slice = json.json(200);
        assertThat(slice.get("slice").getAsString()).isEqualTo(Long.toString(n));
        assertThat(slice.getAsJsonArray("messages")).hasSize(2);
        assertThat(json.headers().firstValue("cache-control")).hasValue(SliceHandler.CLOSED_CACHE);
        assertThat(json.headers().allValues("vary")).contains("Accept");
        String tag = json.headers().firstValue("etag").orElseThrow();
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(proto.headers().firstValue("etag")).isPresent().isNotEqualTo(json.headers().firstValue("etag"));
        assertThat(Slice.parseFrom(proto.body()).getMessagesCount()).isEqualTo(2);

        TestApi.Answer again = api.send(HttpRequest.newBuilder(api.uri(slices(n))).header("If-None-Match", tag).GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("etag")).hasValue(tag);
        TestApi.Answer other = api.send(HttpRequest.newBuilder(api.uri(slices(n))).header("If-None-Match", "\"x\"").GET());
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(json.body());
    }

    @Test
    void closedSlice_publishedIntoLate_answersTheSameBytes() {
        publishAndClose();
        TestApi.Answer first = api.get(slices(n));

        api.clock.set(n * 1_000 + 900); // a node whose clock is behind publishes into the closed slice
        assertThat(api.publishJson(CHAT).status()).isEqualTo(202);
        api.clock.set((n + 2) * 1_000 + SlicePolicy.DEFAULT_CLOSE_MILLIS);

        assertThat(api.get(slices(n)).body()).isEqualTo(first.body());
        assertThat(api.get(slices(n + 1)).json(200).getAsJsonArray("messages")).as("the late chat is in the next")
                .hasSize(1);
    }

    @Test
    void openSlice_is404SliceOpen_neverStored_withRetryAfter() {
        publishAndClose();

        TestApi.Answer open = api.get(slices(n + 1));

        assertThat(open.error(404, "SLICE_OPEN")).contains("not closed yet");
        assertThat(open.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(open.headers().firstValue("retry-after")).hasValue("2");
        assertThat(api.get(slices(Long.parseLong("999999999999999999"))).error(404, "SLICE_OPEN")).isNotEmpty();
    }

    @Test
    void sliceOlderThanRetention_is410Gone_cachedForAMinute() {
        publishAndClose();

        TestApi.Answer gone = api.get(slices(n - 7_200));

        assertThat(gone.error(410, "SLICE_GONE")).contains("retention");
        assertThat(gone.headers().firstValue("cache-control")).hasValue(SliceHandler.GONE_CACHE);
    }

    @Test
    void badSliceNumbers_are400_andDeeperPathsAre404() {
        for (String bad : new String[] {"abc", "-1", "1.5", "1234567890123456789"}) {
            assertThat(api.get(slices(0).replace("/0", "/" + bad)).error(400, "INVALID_ARGUMENT")).as(bad).contains("slice");
        }
        assertThat(api.get("/api/v1/rooms/r1/slices/").error(400, "INVALID_ARGUMENT")).contains("slice");
        assertThat(api.get("/api/v1/rooms/r1/slices/1/x").error(404, "NOT_FOUND")).contains("no such route");
        assertThat(api.get("/api/v1/rooms/r1/slicesx").error(404, "NOT_FOUND")).contains("no such route");
    }

    @Test
    void slicesOff_bothRoutesAre404() {
        try (TestApi off = new TestApi(DeliveryRules.defaults(), TestApi.config(),
                HttpLimits.defaults().withPollsPerSecond(0, 0).withAuthFailuresPerMinute(0), SlicePolicy.OFF)) {
            assertThat(off.get("/api/v1/rooms/r1/slices").error(404, "NOT_FOUND")).contains("poll.slice.ms=0");
            assertThat(off.get("/api/v1/rooms/r1/slices/5").error(404, "NOT_FOUND")).contains("slices are off");
        }
    }
}
