package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each kind of bad input gets an Error frame and a close, for that connection only. */
@ExtendWith(NoLeaks.class)
class BadInputIT {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hello(String token) {
        return Frames.encode(ClientFrame.newBuilder()
                .setHello(Hello.newBuilder().setToken(token).setRoomId("r1")).build());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenEachBadInput_server_answersErrorAndClosesThatConnection_whileAGoodClientKeepsReceiving() throws Exception {
        Backend backend = Backend.realTime(20);
        TcpServer server = backend.server(Backend.config().maxFrameBytes(4096));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Recorder good = new Recorder();
        LongConnectionClient client = LongConnectionClient.builder()
                .endpoint("127.0.0.1", server.port()).tls(Tls.trust(server.certificate()))
                .token(TestTokens.valid("good")).room("r1").eventLoopGroup(group).listener(good).build().start();
        try {
            client.firstWelcome().get(10, TimeUnit.SECONDS);
            Map<String, Object[]> cases = new LinkedHashMap<>();
            cases.put("garbage bytes", new Object[] {HEX.parseHex("808080808080deadbeef"), "BAD_FRAME"});
            cases.put("oversized length prefix", new Object[] {HEX.parseHex("81808008"), "BAD_FRAME"});
            cases.put("invalid protobuf", new Object[] {HEX.parseHex("03ffffff"), "BAD_FRAME"});
            cases.put("unknown frame type", new Object[] {HEX.parseHex("024a00"), "BAD_FRAME"});
            cases.put("frame before Hello", new Object[] {HEX.parseHex("022200"), "UNAUTHENTICATED"});
            cases.put("bad token", new Object[] {hello("not-a-token"), "UNAUTHENTICATED"});
            cases.put("expired token", new Object[] {hello(TestTokens.expired("mallory")), "UNAUTHENTICATED"});

            int round = 0;
            for (Map.Entry<String, Object[]> c : cases.entrySet()) {
                try (RawClient raw = new RawClient(group, server.port(), true)) {
                    raw.send((byte[]) c.getValue()[0]);
                    await(c.getKey() + ": closed").atMost(Duration.ofSeconds(10)).until(raw::isClosed);
                    assertThat(raw.frames).as(c.getKey()).hasSize(1);
                    ServerFrame error = raw.frames.get(0);
                    assertThat(error.getError().getCode()).as(c.getKey()).isEqualTo(c.getValue()[1]);
                    assertThat(error.getError().getMessage()).as(c.getKey()).isNotEmpty();
                }
                String id = backend.publish("r1", Category.NOTIFY, Priority.CRITICAL, "{\"after\":" + round++ + "}")
                        .id().value();
                await("the good client still receives after: " + c.getKey()).atMost(Duration.ofSeconds(10))
                        .until(() -> good.seen().containsKey(id));
            }
            try (RawClient plain = new RawClient(group, server.port(), false)) {
                plain.send("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                await("a non-TLS peer is closed").atMost(Duration.ofSeconds(10)).until(plain::isClosed);
            }
            String last = backend.publish("r1", Category.NOTIFY, Priority.CRITICAL, "{\"last\":true}").id().value();
            await("the good client still receives").atMost(Duration.ofSeconds(10))
                    .until(() -> good.seen().containsKey(last));
            assertThat(good.disconnects.get()).as("the good client was never disturbed").isZero();
            assertThat(good.errors()).isEmpty();
        } finally {
            client.close();
            backend.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
