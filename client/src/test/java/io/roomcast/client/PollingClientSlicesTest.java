package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.Skipped;
import io.roomcast.protocol.v1.Slice;
import io.roomcast.protocol.v1.SliceHead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A guest following slices against a scripted node (the JDK's HTTP server): the client algorithm of issue 15. */
class PollingClientSlicesTest {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String HEAD = "/api/v1/rooms/r1/slices";

    /** A node with slices: the head says {@link #newest}; slices in {@link #open} are not closed, in {@link #gone} removed. */
    private static final class SliceNode {
        final AtomicLong newest = new AtomicLong();
        final Set<Long> open = ConcurrentHashMap.newKeySet();
        final Set<Long> gone = ConcurrentHashMap.newKeySet();
        final Map<Long, Slice> truncated = new ConcurrentHashMap<>();
        volatile boolean slicesOff;
        volatile int pollAfterMs = 2000;
        /** Paths answered 503 once. */
        final Set<String> failOnce = ConcurrentHashMap.newKeySet();

        FakeHttp.Answer answer(FakeHttp.Request request) {
            String path = request.path();
            if (failOnce.remove(path)) {
                return error(503, "UNAVAILABLE");
            }
            if (path.endsWith("/messages")) {
                return ok(PollResponse.newBuilder().addMessages(message("by-cursor")).setCursor("c1")
                        .setPollAfterMs(1500).build().toByteArray());
            }
            if (slicesOff) {
                return error(404, "NOT_FOUND");
            }
            if (path.equals(HEAD)) {
                return ok(SliceHead.newBuilder().setRoomId("r1").setSlice(newest.get()).setSliceMs(1000)
                        .setPollAfterMs(pollAfterMs).addStates(state(7)).build().toByteArray());
            }
            long n = Long.parseLong(path.substring(HEAD.length() + 1));
            if (n > newest.get() || open.contains(n)) {
                return error(404, "SLICE_OPEN");
            }
            if (gone.contains(n)) {
                return error(410, "SLICE_GONE");
            }
            Slice slice = truncated.getOrDefault(n, Slice.newBuilder().setSlice(n).addMessages(message("s" + n))
                    .setSkipped(Skipped.newBuilder().setPriority(2).setAge(1)).build());
            return ok(slice.toByteArray());
        }
    }

    private final SliceNode node = new SliceNode();
    private FakeHttp http;
    private PollingClient guest;

    @BeforeEach
    void aNodeAtSlice100_andAGuest() throws Exception {
        node.newest.set(100);
        http = new FakeHttp(node::answer);
        guest = PollingClient.builder(http.base(), "r1").build();
    }

    @AfterEach
    void stop() {
        guest.close();
        http.close();
    }

    private static Message message(String id) {
        return Message.newBuilder().setId(id).build();
    }

    private static Message state(long version) {
        return Message.newBuilder().setId("state-" + version).setStateKey("pk.score").setVersion(version).build();
    }

    private static FakeHttp.Answer ok(byte[] body) {
        return new FakeHttp.Answer(200, PROTOBUF, body);
    }

    private static FakeHttp.Answer error(int status, String code) {
        byte[] body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}").getBytes(StandardCharsets.UTF_8);
        return new FakeHttp.Answer(status, "application/json", body);
    }

    private static List<String> ids(PollResponse answer) {
        return answer.getMessagesList().stream().map(Message::getId).toList();
    }

    private static List<String> paths(FakeHttp http) {
        return http.requests.stream().map(FakeHttp.Request::path).toList();
    }

    @Test
    void givenANodeWithSlices_aNewGuest_startsWithTheNewestClosedSliceAndTheHeadsStates() throws Exception {
        PollResponse first = guest.pollOnce();

        assertThat(paths(http)).containsExactly(HEAD, HEAD + "/100");
        assertThat(http.requests).allSatisfy(r -> assertThat(r.accept()).isEqualTo(PROTOBUF));
        assertThat(ids(first)).containsExactly("s100");
        assertThat(first.getStatesList()).containsExactly(state(7));
        assertThat(first.getReset()).isFalse();
        assertThat(first.getPollAfterMs()).as("the head's").isEqualTo(2000);
        assertThat(first.getCursor()).isEmpty();
        assertThat(guest.pollsSlices()).isTrue();
        assertThat(guest.nextSlice()).isEqualTo(101);
        assertThat(guest.cursor()).isNull();
    }

    @Test
    void givenARunningGuest_theListener_getsEverySliceOnceInOrder_asPolls() throws Exception {
        node.pollAfterMs = 5;
        List<String> seen = new CopyOnWriteArrayList<>();
        try (PollingClient running = PollingClient.builder(http.base(), "r1").listener(new PollingListener() {
            @Override
            public void onPoll(PollResponse response) {
                seen.addAll(ids(response));
            }
        }).build().start()) {
            await().until(() -> seen.contains("s100"));
            node.newest.set(103);
            await().until(() -> seen.contains("s103"));
            node.newest.set(105);
            await().until(() -> seen.contains("s105"));
        }
        assertThat(seen).containsExactly("s100", "s101", "s102", "s103", "s104", "s105");
    }

    @Test
    void givenNewSlices_theNextTurn_fetchesEachInOrder_andAddsUpWhatTheySkipped() throws Exception {
        guest.pollOnce();
        node.newest.set(103);
        PollResponse turn = guest.pollOnce();

        assertThat(paths(http).subList(2, 6)).containsExactly(HEAD, HEAD + "/101", HEAD + "/102", HEAD + "/103");
        assertThat(ids(turn)).containsExactly("s101", "s102", "s103");
        assertThat(turn.getSkipped().getPriority()).isEqualTo(6);
        assertThat(turn.getSkipped().getAge()).isEqualTo(3);
        assertThat(turn.getStatesList()).as("states only on a fresh start or a gap").isEmpty();
        assertThat(turn.getReset()).isFalse();
    }

    @Test
    void givenASliceNotClosedYet_theTurnStopsThere_andTheNextTurnAsksForItAgain() throws Exception {
        guest.pollOnce();
        node.newest.set(102);
        node.open.add(102L); // this node's head is ahead of the slice (a cached head, another node)
        assertThat(ids(guest.pollOnce())).containsExactly("s101");
        assertThat(guest.nextSlice()).isEqualTo(102);

        node.open.clear();
        PollResponse later = guest.pollOnce();
        assertThat(ids(later)).containsExactly("s102");
        assertThat(later.getReset()).as("not a gap").isFalse();
    }

    @Test
    void givenASliceGone_theTurn_reportsAGapAsAReset_withTheHeadsStates_andGoesOn() throws Exception {
        guest.pollOnce();
        node.newest.set(103);
        node.gone.add(102L);
        PollResponse turn = guest.pollOnce();

        assertThat(ids(turn)).containsExactly("s101", "s103");
        assertThat(turn.getReset()).isTrue();
        assertThat(turn.getStatesList()).containsExactly(state(7));
        assertThat(guest.nextSlice()).isEqualTo(104);
    }

    @Test
    void givenATruncatedSlice_theTurn_reportsAGap() throws Exception {
        node.truncated.put(101L, Slice.newBuilder().setSlice(101).addMessages(message("s101")).setTruncated(true).build());
        guest.pollOnce();
        node.newest.set(101);
        PollResponse turn = guest.pollOnce();
        assertThat(ids(turn)).containsExactly("s101");
        assertThat(turn.getReset()).isTrue();
    }

    @Test
    void givenMoreThanTenSlicesBehind_theGuest_jumpsToTheLastTen_andReportsAGap() throws Exception {
        guest.pollOnce();
        node.newest.set(111); // 101..111: eleven behind
        http.requests.clear();
        PollResponse turn = guest.pollOnce();

        assertThat(paths(http)).first().isEqualTo(HEAD);
        assertThat(paths(http)).hasSize(11).element(1).isEqualTo(HEAD + "/102");
        assertThat(ids(turn)).hasSize(10).startsWith("s102").endsWith("s111");
        assertThat(turn.getReset()).isTrue();
        assertThat(turn.getStatesList()).containsExactly(state(7));
    }

    @Test
    void givenExactlyTenSlicesBehind_theGuest_fetchesThemAll_withoutAGap() throws Exception {
        guest.pollOnce();
        node.newest.set(110);
        PollResponse turn = guest.pollOnce();
        assertThat(ids(turn)).hasSize(10).startsWith("s101");
        assertThat(turn.getReset()).isFalse();
    }

    @Test
    void givenANodeWithoutSlices_aGuest_pollsByCursor_andDoesNotAskForTheHeadAgain() throws Exception {
        node.slicesOff = true;
        PollResponse first = guest.pollOnce();
        guest.pollOnce();

        assertThat(paths(http)).containsExactly(HEAD, "/api/v1/rooms/r1/messages", "/api/v1/rooms/r1/messages");
        assertThat(http.requests.get(2).query()).isEqualTo("cursor=c1");
        assertThat(ids(first)).containsExactly("by-cursor");
        assertThat(first.getReset()).isFalse();
        assertThat(guest.pollsSlices()).isFalse();
        assertThat(guest.nextSlice()).isEqualTo(-1);
    }

    @Test
    void givenSlicesTurnedOffUnderAGuest_itPollsByCursorAfresh_andSaysReset() throws Exception {
        guest.pollOnce();
        node.slicesOff = true;
        PollResponse answer = guest.pollOnce();
        assertThat(ids(answer)).containsExactly("by-cursor");
        assertThat(answer.getReset()).isTrue();
        assertThat(http.requests.get(3).query()).as("afresh: no cursor").isNull();
        assertThat(guest.pollsSlices()).isFalse();
    }

    @Test
    void givenATokenAStartCursorALimitOrSlicesOff_theClient_pollsByCursorWithoutAskingForTheHead() throws Exception {
        PollingClient.builder(http.base(), "r1").token("tok").build().pollOnce();
        PollingClient.builder(http.base(), "r1").cursor("0").build().pollOnce();
        PollingClient.builder(http.base(), "r1").limit(50).build().pollOnce();
        PollingClient.builder(http.base(), "r1").slices(false).build().pollOnce();
        assertThat(paths(http)).hasSize(4).allMatch(p -> p.endsWith("/messages"));
    }

    @Test
    void givenAFailurePartWayThroughATurn_theNextTurn_fetchesThoseSlicesAgain() throws Exception {
        guest.pollOnce();
        node.newest.set(102);
        node.failOnce.add(HEAD + "/102");
        assertThatThrownBy(guest::pollOnce).isInstanceOfSatisfying(RoomcastHttpException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(guest.nextSlice()).as("nothing of the failed turn kept").isEqualTo(101);
        assertThat(ids(guest.pollOnce())).containsExactly("s101", "s102");
    }
}
