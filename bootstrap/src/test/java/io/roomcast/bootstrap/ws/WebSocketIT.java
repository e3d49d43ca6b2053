package io.roomcast.bootstrap.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket viewers on a real node (the launcher, the in-memory store, real sockets, the JDK's
 * WebSocket client): the same session as the TCP port over {@code /api/v1/ws}.
 */
class WebSocketIT {
    private static final String KEY = "ws-key-0123456789abcdef";
    private static final String SECRET = "ws-secret-0123456789abcdef-0123456789";

    @TempDir
    Path dataDir;

    private Roomcast node;
    private final List<WsClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private Roomcast start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--data.dir=" + dataDir, "--store=memory", "--http.host=127.0.0.1",
                "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=0", "--api.keys=" + KEY, "--token.secret=" + SECRET,
                "--block.window.ms=50", "--block.window.min.ms=50", "--shutdown.grace.ms=6000"));
        args.addAll(List.of(extra));
        node = Roomcast.start(Settings.load(args.toArray(String[]::new), Map.of()));
        return node;
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (node != null) {
            node.close();
        }
    }

    private WsClient connect(String subprotocol, boolean reading) throws Exception {
        WsClient client = WsClient.connect(node.httpPort(), subprotocol, reading);
        clients.add(client);
        return client;
    }

    private static String token(String user) {
        return new JwtUserTokens(SECRET, Clock.system()).issue(UserId.of(user), Duration.ofMinutes(5),
                System.currentTimeMillis());
    }

    private int publish(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/messages"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void chat(String room, String text) throws Exception {
        assertThat(publish("{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"CHAT\",\"payload\":{\"t\":\""
                + text + "\"}}")).isEqualTo(202);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(m -> m.getPayload().toStringUtf8()).toList();
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void helloWithToken_getsWelcomeThenTheRoomsBlocks_inCursorOrder_withTheCriticalOneAlways() throws Exception {
        start("--render.budget=5", "--block.window.ms=1000", "--block.window.min.ms=1000");
        WsClient viewer = connect(null, true);
        viewer.hello(token("alice"), "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.has(ServerFrame.FrameCase.WELCOME));
        assertThat(viewer.first(ServerFrame.FrameCase.WELCOME).getWelcome().getHeartbeatMs()).isEqualTo(30_000);

        for (int i = 0; i < 20; i++) {
            chat("r1", "c" + i);
        }
        assertThat(publish("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"NOTIFY\",\"priority\":\"CRITICAL\","
                + "\"payload\":{\"t\":\"mute\"}}")).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> texts(viewer.messages()).contains("{\"t\":\"mute\"}"));
        List<Message> got = viewer.messages();
        long skipped = viewer.frames.stream().filter(ServerFrame::hasBlock)
                .mapToLong(f -> f.getBlock().getSkipped().getPriority() + f.getBlock().getSkipped().getBudget()
                        + f.getBlock().getSkipped().getAge()).sum();
        assertThat(got.size() + skipped).as("delivered + skipped = published").isEqualTo(21);
        assertThat(skipped).as("the render budget of 5/s left chats out").isPositive();
        List<String> cursors = got.stream().map(m -> m.getCursorMillis() + "-" + m.getCursorSeq()).toList();
        assertThat(new HashSet<>(cursors)).hasSameSizeAs(cursors);
        for (int i = 1; i < got.size(); i++) {
            Message a = got.get(i - 1);
            Message b = got.get(i);
            assertThat(a.getCursorMillis() < b.getCursorMillis()
                    || a.getCursorMillis() == b.getCursorMillis() && a.getCursorSeq() < b.getCursorSeq()).isTrue();
        }

        viewer.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer.has(ServerFrame.FrameCase.PONG));
    }

    @Test
    void serverClosesAnIdleSocket_viewerResumesByCursor_withNoDuplicateAndNoGap() throws Exception {
        start("--heartbeat.ms=1000", "--render.budget=0");
        String token = token("bob");
        WsClient first = connect(null, true);
        first.hello(token, "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> first.has(ServerFrame.FrameCase.WELCOME));
        for (int i = 0; i < 5; i++) {
            chat("r1", "m" + i);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(first.frames).as("frames")
                .filteredOn(ServerFrame::hasBlock).flatExtracting(f -> f.getBlock().getEntriesList()).hasSize(5));
        // It sends nothing: the server closes it after 2.5 heartbeats.
        String closed = first.closed.get(20, TimeUnit.SECONDS);
        assertThat(closed).startsWith("1008 IDLE");
        assertThat(first.first(ServerFrame.FrameCase.ERROR).getError().getCode()).isEqualTo("IDLE");
        String cursor = first.lastCursor();

        for (int i = 5; i < 10; i++) {
            chat("r1", "m" + i);
        }
        WsClient second = connect(null, true);
        second.hello(token, "r1", cursor);
        await().atMost(Duration.ofSeconds(20)).until(() -> second.messages().size() >= 5);
        chat("r1", "m10");
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(second.messages()).contains("{\"t\":\"m10\"}"));

        List<String> all = new ArrayList<>(texts(first.messages()));
        all.addAll(texts(second.messages()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            expected.add("{\"t\":\"m" + i + "\"}");
        }
        assertThat(all).containsExactlyElementsOf(expected);
    }

    @Test
    void joinAnotherRoom_getsItsMessages_leaveStopsThem() throws Exception {
        start();
        WsClient viewer = connect(WebSocketFramesNames.BINARY, true);
        assertThat(viewer.subprotocol()).isEqualTo(WebSocketFramesNames.BINARY);
        viewer.hello(token("carol"), "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.has(ServerFrame.FrameCase.WELCOME));
        chat("r1", "in-r1");
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(viewer.messages()).contains("{\"t\":\"in-r1\"}"));

        viewer.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r2")).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> node.instance(io.roomcast.application.push.PushService.class)
                .watched(io.roomcast.domain.message.RoomId.of("r2")));
        chat("r2", "in-r2");
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(viewer.messages()).contains("{\"t\":\"in-r2\"}"));

        viewer.send(ClientFrame.newBuilder().setLeave(Leave.newBuilder().setRoomId("r2")).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> !node.instance(io.roomcast.application.push.PushService.class)
                .watched(io.roomcast.domain.message.RoomId.of("r2")));
        chat("r2", "after-leave");
        // A ping's Pong comes after anything the node had for this viewer before it.
        viewer.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer.has(ServerFrame.FrameCase.PONG));
        assertThat(texts(viewer.messages())).containsExactly("{\"t\":\"in-r1\"}", "{\"t\":\"in-r2\"}");
    }

    @Test
    void nodeShutsDown_viewerGetsGoAwayAndACloseGoingAway() throws Exception {
        start();
        WsClient viewer = connect(null, true);
        viewer.hello(token("dave"), "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.has(ServerFrame.FrameCase.WELCOME));

        node.close();
        node = null;

        assertThat(viewer.closed.get(20, TimeUnit.SECONDS)).startsWith("1001 GOING_AWAY");
        assertThat(viewer.first(ServerFrame.FrameCase.GO_AWAY).getGoAway().getReconnectAfterMs()).isBetween(0, 5_000);
    }

    @Test
    void slowViewerThatDoesNotRead_isClosedSlow_whileAnotherGetsEverything() throws Exception {
        start("--tcp.slow.timeout.ms=500", "--room.budget=100000", "--render.budget=0");
        String token = token("erin");
        WsClient slow = connect(null, false);
        WsClient fast = connect(null, true);
        slow.hello(token, "r1", "");
        fast.hello(token, "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.has(ServerFrame.FrameCase.WELCOME)
                && fast.has(ServerFrame.FrameCase.WELCOME));

        String filler = "x".repeat(7_000);
        int published = 0;
        while (!metrics().contains("roomcast_ws_slow_closes_total 1.0") && published < 20_000) {
            chat("r1", filler + published);
            published++;
        }
        assertThat(metrics()).contains("roomcast_ws_slow_closes_total 1.0").doesNotContain("roomcast_ws_slow_merges_total 0.0");
        chat("r1", "last");
        int total = published + 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> texts(fast.messages()).contains("{\"t\":\"last\"}"));
        long skipped = fast.frames.stream().filter(ServerFrame::hasBlock)
                .mapToLong(f -> f.getBlock().getSkipped().getPriority() + f.getBlock().getSkipped().getBudget()
                        + f.getBlock().getSkipped().getAge()).sum();
        assertThat(fast.messages().size() + skipped).isEqualTo(total);
        assertThat(fast.closed).isNotDone();
    }

    @Test
    void badFrames_getAnErrorAndACloseWithTheReason() throws Exception {
        start();
        WsClient garbage = connect(null, true);
        garbage.sendBinary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThat(garbage.closed.get(20, TimeUnit.SECONDS)).startsWith("1002 BAD_FRAME: not a ClientFrame");
        assertThat(garbage.first(ServerFrame.FrameCase.ERROR).getError().getCode()).isEqualTo("BAD_FRAME");

        WsClient text = connect(null, true);
        text.sendText("{\"ping\":{}}");
        assertThat(text.closed.get(20, TimeUnit.SECONDS)).startsWith("1002 BAD_FRAME: text message on the binary");

        WsClient early = connect(null, true);
        early.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        assertThat(early.closed.get(20, TimeUnit.SECONDS)).startsWith("1008 UNAUTHENTICATED: send Hello first");

        WsClient badToken = connect(null, true);
        badToken.hello("not-a-jwt", "r1", "");
        assertThat(badToken.closed.get(20, TimeUnit.SECONDS)).startsWith("1008 UNAUTHENTICATED");

        WsClient huge = connect(null, true);
        huge.sendRefused(new byte[64 * 1024]);
        // Undertow refuses a message over the frame limit itself, with 1009 (message too big) and the limit.
        assertThat(huge.closed.get(20, TimeUnit.SECONDS)).startsWith("1009 ").contains("16384");

        WsClient good = connect(null, true);
        good.hello(token("frank"), "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> good.has(ServerFrame.FrameCase.WELCOME));
        assertThat(good.closed).isNotDone();
    }

    @Test
    void overTheConnectionLimit_aNewWebSocketGetsOverloadedAnd1013_theOpenOneStays() throws Exception {
        start("--tcp.max.connections=1");
        WsClient first = connect(null, true);
        first.hello(token("hank"), "r1", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> first.has(ServerFrame.FrameCase.WELCOME));

        WsClient second = connect(null, true);

        assertThat(second.closed.get(20, TimeUnit.SECONDS)).startsWith("1013 OVERLOADED");
        assertThat(second.first(ServerFrame.FrameCase.ERROR).getError().getCode()).isEqualTo("OVERLOADED");
        chat("r1", "still here");
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(first.messages()).contains("{\"t\":\"still here\"}"));
    }

    @Test
    void jsonSubprotocol_speaksProtobufJson_withPayloadsAsJson() throws Exception {
        start();
        WsClient viewer = connect(WebSocketFramesNames.JSON, true);
        assertThat(viewer.subprotocol()).isEqualTo(WebSocketFramesNames.JSON);
        viewer.sendText("{\"hello\":{\"token\":\"" + token("gina") + "\",\"roomId\":\"r1\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.texts.stream().anyMatch(t -> t.startsWith("{\"welcome\":")));
        chat("r1", "hi");
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.texts.stream().anyMatch(t -> t.startsWith("{\"block\":")
                && t.contains("\"payload\":{\"t\":\"hi\"}")));
        viewer.sendText("{\"ping\":{}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer.texts.contains("{\"pong\":{}}"));
        viewer.sendText("{\"pong\":{}}");
        assertThat(viewer.closed.get(20, TimeUnit.SECONDS)).startsWith("1002 BAD_FRAME: not a ClientFrame in JSON");
    }

    /** The subprotocol names, as a client writes them. */
    private static final class WebSocketFramesNames {
        static final String BINARY = "roomcast.v1";
        static final String JSON = "roomcast.json";
    }
}
