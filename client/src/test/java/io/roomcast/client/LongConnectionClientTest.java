package io.roomcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.BlockHeader;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import io.roomcast.testing.NoLeaks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client's session logic against a scripted fake node: cursor, reconnects, GoAway, heartbeats. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongConnectionClientTest {

    private static ServerFrame welcome(String cursor, int heartbeatMs) {
        return ServerFrame.newBuilder().setWelcome(Welcome.newBuilder().setSessionId("s")
                .setHeartbeatMs(heartbeatMs).setCursor(cursor)).build();
    }

    private static ServerFrame block(String cursor, String... ids) {
        Block.Builder b = Block.newBuilder().setHeader(BlockHeader.newBuilder().setRoomId("r1").setCursor(cursor));
        for (String id : ids) {
            b.addEntries(Message.newBuilder().setId(id));
        }
        return ServerFrame.newBuilder().setBlock(b).build();
    }

    private static LongConnectionClient.Builder client(int port, LongConnectionListener listener) {
        return LongConnectionClient.builder().endpoint("127.0.0.1", port).tls(Tls.plaintext()).token("tok")
                .room("r1").backoff(Duration.ofMillis(10), Duration.ofMillis(50)).listener(listener);
    }

    private static LongConnectionClient.Builder client(List<Integer> ports) {
        return LongConnectionClient.builder().endpoints(ports.stream().map(port -> "127.0.0.1:" + port).toList())
                .tls(Tls.plaintext()).token("tok").room("r1").backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .listener(new LongConnectionListener() {
                });
    }

    @Test
    void givenALostConnection_client_reconnects_andResumesFromTheLastBlocksCursor() throws Exception {
        List<Block> blocks = new CopyOnWriteArrayList<>();
        try (FakeRoomcast node = new FakeRoomcast((ch, r) -> {
            if (r.frame().hasHello() && r.connection() == 0) {
                ch.write(welcome("10-1", 30_000));
                ch.write(block("10-3", "a", "b"));
                ch.writeAndFlush(block("10-5", "c")).addListener(f -> ch.close());
            } else if (r.frame().hasHello()) {
                ch.writeAndFlush(welcome(r.frame().getHello().getCursor(), 30_000));
            }
        });
             LongConnectionClient client = client(node.port(), new LongConnectionListener() {
                 @Override
                 public void onBlock(Block block) {
                     blocks.add(block);
                 }
             }).build().start()) {
            await().until(() -> node.hellos().size() == 2);
            ClientFrame.Builder first = node.hellos().get(0).toBuilder();
            assertThat(first.getHello().getToken()).isEqualTo("tok");
            assertThat(first.getHello().getRoomId()).isEqualTo("r1");
            assertThat(first.getHello().getCursor()).as("nothing to resume from yet").isEmpty();
            assertThat(node.hellos().get(1).getHello().getCursor()).isEqualTo("10-5");
            assertThat(blocks).hasSize(2);
            await().until(client::isConnected);
            assertThat(client.lastCursor()).isEqualTo("10-5");
        }
    }

    @Test
    void givenGoAway_client_waits_thenGoesToTheNamedEndpoint_withItsCursor() throws Exception {
        try (FakeRoomcast next = new FakeRoomcast((ch, r) -> {
            if (r.frame().hasHello()) {
                ch.writeAndFlush(welcome(r.frame().getHello().getCursor(), 30_000));
            }
        });
             FakeRoomcast draining = new FakeRoomcast((ch, r) -> {
                 if (r.frame().hasHello()) {
                     ch.write(welcome("20-1", 30_000));
                     ch.writeAndFlush(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReconnectAfterMs(50)
                             .addEndpoints("127.0.0.1:" + next.port())).build());
                 }
             });
             LongConnectionClient client = client(draining.port(), new LongConnectionListener() {
             }).build().start()) {
            await().until(() -> next.hellos().size() == 1);
            assertThat(next.hellos().get(0).getHello().getCursor()).isEqualTo("20-1");
            assertThat(draining.hellos()).hasSize(1);
            await().until(client::isConnected);
        }
    }

    @Test
    void givenANodeThatAcceptsButNeverWelcomes_client_givesUpAfterTheConnectTimeout_andGoesToTheNextEndpoint() throws Exception {
        try (FakeRoomcast stopped = new FakeRoomcast((ch, r) -> {
            // Takes the connection and the Hello, answers nothing: a process stopped with SIGSTOP.
        });
             FakeRoomcast next = new FakeRoomcast((ch, r) -> {
                 if (r.frame().hasHello()) {
                     ch.writeAndFlush(welcome("30-1", 30_000));
                 }
             });
             LongConnectionClient client = client(List.of(stopped.port(), next.port()))
                     .connectTimeout(Duration.ofMillis(300)).build().start()) {
            await().until(() -> next.hellos().size() == 1);
            assertThat(stopped.hellos()).as("the Hello went to the silent node first").hasSize(1);
            await().until(client::isConnected);
        }
    }

    @Test
    void givenANodeThatFallsSilentAfterItsWelcome_client_reconnectsToTheNextEndpoint_withItsCursor() throws Exception {
        try (FakeRoomcast next = new FakeRoomcast((ch, r) -> {
            if (r.frame().hasHello()) {
                ch.writeAndFlush(welcome(r.frame().getHello().getCursor(), 30_000));
            }
        });
             FakeRoomcast silent = new FakeRoomcast((ch, r) -> {
                 if (r.frame().hasHello() && r.connection() == 0) {
                     ch.write(welcome("40-1", 100));
                     ch.writeAndFlush(block("40-2", "a"));
                 }
                 // Then nothing, pings unanswered, the connection left open.
             });
             LongConnectionClient client = client(List.of(silent.port(), next.port())).build().start()) {
            await().until(() -> next.hellos().size() == 1);
            assertThat(next.hellos().get(0).getHello().getCursor()).isEqualTo("40-2");
            assertThat(silent.hellos()).as("not tried again before the next endpoint").hasSize(1);
        }
    }

    @Test
    void givenAHeartbeatInterval_client_pingsWhenItHasNothingElseToSend() throws Exception {
        try (FakeRoomcast node = new FakeRoomcast((ch, r) -> {
            if (r.frame().hasHello()) {
                ch.writeAndFlush(welcome("1-1", 100));
            } else if (r.frame().hasPing()) {
                ch.writeAndFlush(ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build());
            }
        });
             LongConnectionClient client = client(node.port(), new LongConnectionListener() {
             }).build().start()) {
            await().until(() -> node.pings() >= 3);
            // Answered pings keep it connected; a pause on a loaded machine may still cost a
            // reconnect, so wait for the state rather than catch it at one instant.
            await().until(client::isConnected);
        }
    }

    @Test
    void givenInvalidCursor_client_reconnectsWithoutIt() throws Exception {
        try (FakeRoomcast node = new FakeRoomcast((ch, r) -> {
            if (r.frame().hasHello() && r.connection() == 0) {
                ch.writeAndFlush(ServerFrame.newBuilder().setError(Error.newBuilder().setCode("INVALID_CURSOR")
                        .setMessage("cursor: malformed")).build()).addListener(f -> ch.close());
            } else if (r.frame().hasHello()) {
                ch.writeAndFlush(welcome("5-5", 30_000));
            }
        });
             LongConnectionClient client = client(node.port(), new LongConnectionListener() {
             }).cursor("garbage").build().start()) {
            await().until(() -> node.hellos().size() == 2);
            assertThat(node.hellos().get(0).getHello().getCursor()).isEqualTo("garbage");
            assertThat(node.hellos().get(1).getHello().getCursor()).isEmpty();
            await().until(client::isConnected);
            assertThat(client.lastCursor()).isEqualTo("5-5");
        }
    }
}
