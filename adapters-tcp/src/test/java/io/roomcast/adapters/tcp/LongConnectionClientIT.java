package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java client against the real server: trust, heartbeats, rooms, unicast and broadcast, errors. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LongConnectionClientIT {
    private static EventLoopGroup group;
    private static Backend backend;
    private static TcpServer server;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        backend = Backend.realTime(20);
        // The default heartbeat (30 s): a slow TLS handshake or a pause never closes these sessions
        // as idle. The heartbeat tests have servers of their own.
        server = backend.server(Backend.config());
    }

    @AfterAll
    static void stop() {
        backend.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static LongConnectionClient.Builder client(String user, String room, LongConnectionListener listener) {
        return LongConnectionClient.builder().endpoint("127.0.0.1", server.port())
                .tls(Tls.trust(server.certificate())).token(TestTokens.valid(user)).room(room)
                .eventLoopGroup(group).listener(listener);
    }

    @Test
    void givenTheServersCertificate_client_connects_andItsHeartbeatsKeepTheConnectionAlive() throws Exception {
        TcpServer beating = backend.server(Backend.config().heartbeatMs(1_000));
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", beating.port())
                .tls(Tls.trust(beating.certificate())).token(TestTokens.valid("hb")).room("r1")
                .eventLoopGroup(group).listener(recorder).build().start()) {
            assertThat(c.firstWelcome().get(10, TimeUnit.SECONDS).getHeartbeatMs()).isEqualTo(1_000);
            assertThat(c.sessionId()).isNotEmpty();
            // The server closes a connection silent for 2.5 s; the client pings every second. Six
            // answered pings span more than two of those idle periods on the same connection.
            await("six heartbeats answered").atMost(Duration.ofSeconds(30)).until(() -> recorder.pongs.get() >= 6);
            assertThat(c.isConnected()).isTrue();
            assertThat(recorder.disconnects.get()).isZero();
            assertThat(recorder.welcomes.get()).isEqualTo(1);
        }
    }

    @Test
    void givenAConnectionThatSendsNothingAfterHello_server_closesItAsIdle() {
        TcpServer quick = backend.server(Backend.config().heartbeatMs(1_000)); // idle after 2.5 s
        try (RawClient raw = new RawClient(group, quick.port(), true)) {
            raw.send(ClientFrame.newBuilder().setHello(Hello.newBuilder()
                    .setToken(TestTokens.valid("mute")).setRoomId("r1")).build());
            await("closed as idle").atMost(Duration.ofSeconds(10)).until(raw::isClosed);
            assertThat(raw.frames.get(raw.frames.size() - 1).getError().getCode()).isEqualTo("IDLE");
        }
    }

    @Test
    void givenARoom_client_getsItsMessages_unicastAndBroadcasts_andTracksTheCursor() throws Exception {
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = client("carol", "r3", recorder).build().start()) {
            c.firstWelcome().get(10, TimeUnit.SECONDS);
            String room = backend.publish("r3", Category.GIFT, Priority.HIGH, "{}").id().value();
            String dm = backend.publishToUser("carol", "{}").id().value();
            String other = backend.publishToUser("dave", "{}").id().value();
            String all = backend.broadcast("{}").id().value();
            await("room, unicast and broadcast").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.hasAll(List.of(room, dm, all)));
            assertThat(recorder.seen()).doesNotContainKey(other);
            String lastCursor = recorder.blocks().get(recorder.blocks().size() - 1).getHeader().getCursor();
            assertThat(c.lastCursor()).isEqualTo(lastCursor);
        }
    }

    @Test
    void givenJoin_client_switchesRooms() throws Exception {
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = client("erin", "r4", recorder).build().start()) {
            c.firstWelcome().get(10, TimeUnit.SECONDS);
            c.join("r5");
            await("moved to r5").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.directory.online(RoomId.of("r5"), System.currentTimeMillis()) == 1
                            && backend.directory.online(RoomId.of("r4"), System.currentTimeMillis()) == 0);
            String old = backend.publish("r4", Category.GIFT, Priority.HIGH, "{}").id().value();
            String now = backend.publish("r5", Category.GIFT, Priority.HIGH, "{}").id().value();
            await("r5's message").atMost(Duration.ofSeconds(10)).until(() -> recorder.seen().containsKey(now));
            assertThat(recorder.seen()).doesNotContainKey(old);
            assertThat(c.room()).isEqualTo("r5");
        }
    }

    @Test
    void givenABadToken_client_getsUnauthenticated_andStopsForGood() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", server.port())
                .tls(Tls.trust(server.certificate())).token("forged").room("r1").eventLoopGroup(group)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .listener(new LongConnectionListener() {
                    @Override
                    public void onError(Error error) {
                        recorder.onError(error);
                    }

                    @Override
                    public void onDisconnected(Throwable cause) {
                        recorder.onDisconnected(cause);
                    }

                    @Override
                    public void onClosed() {
                        closed.countDown();
                    }
                }).build().start();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.errors()).extracting(Error::getCode).containsExactly("UNAUTHENTICATED");
        // onClosed came: the client stopped for good, so there is no later retry to wait for.
        assertThat(recorder.disconnects.get()).as("no retry with the same bad token").isEqualTo(1);
        assertThat(c.firstWelcome()).isCompletedExceptionally();
    }

    @Test
    void givenAConnectedClient_close_endsWithOnClosedAfterItsConnectionsOnDisconnected() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        LongConnectionClient c = client("ivan", "r1", new LongConnectionListener() {
            @Override
            public void onDisconnected(Throwable cause) {
                calls.add("disconnected");
            }

            @Override
            public void onClosed() {
                calls.add("closed");
                closed.countDown();
            }
        }).build().start();
        c.firstWelcome().get(10, TimeUnit.SECONDS);
        c.close();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("disconnected", "closed");
        assertThat(c.isConnected()).isFalse();
    }

    @Test
    void givenAnUntrustedCertificate_client_neverOpensASession_andKeepsRetrying() throws Exception {
        TcpServer other = backend.server(Backend.config());
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", other.port())
                .tls(Tls.trust(server.certificate())) // the wrong one
                .token(TestTokens.valid("frank")).room("r1").eventLoopGroup(group)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).listener(recorder).build().start()) {
            await("several failed handshakes").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.disconnects.get() >= 3);
            assertThat(recorder.welcomes.get()).isZero();
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void givenTheDefaultProvider_theServer_usesBoringSsl_andTheJdkProviderWorksToo() throws Exception {
        assertThat(OpenSsl.isAvailable()).as("BoringSSL loads on this platform: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(server.tlsProvider()).isEqualTo(SslProvider.OPENSSL);
        TcpServer jdk = backend.server(Backend.config().tls(TlsConfig.defaults().withProvider(TlsConfig.Provider.JDK)));
        assertThat(jdk.tlsProvider()).isEqualTo(SslProvider.JDK);
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", jdk.port())
                .tls(Tls.trust(jdk.certificate())).token(TestTokens.valid("judy")).room("r7").eventLoopGroup(group)
                .listener(recorder).build().start()) {
            c.firstWelcome().get(10, TimeUnit.SECONDS);
            String id = backend.publish("r7", Category.GIFT, Priority.HIGH, "{}").id().value();
            await("a message over the JDK's TLS").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.seen().containsKey(id));
        }
    }

    @Test
    void givenTlsOffAndNio_plainClient_works() throws Exception {
        TcpServer plain = backend.server(Backend.config().tls(TlsConfig.defaults().withEnabled(false))
                .threads(Backend.THREADS.withTransport(ServerThreads.Transport.NIO)));
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", plain.port())
                .tls(Tls.plaintext()).token(TestTokens.valid("gina")).room("r6").eventLoopGroup(group)
                .listener(recorder).build().start()) {
            c.firstWelcome().get(10, TimeUnit.SECONDS);
            String id = backend.publish("r6", Category.GIFT, Priority.HIGH, "{}").id().value();
            await("a message over plain TCP").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.seen().containsKey(id));
        }
    }

    @Test
    void givenAcks_client_acknowledgesWhatItReads_andIsNeverHeld_whileASilentClientIsClosedAsSlow() throws Exception {
        // A lag of 100 ms and 400 ms to SLOW: a client that did not ack would be closed within a second.
        TcpServer strict = backend.server(
                Backend.config().flow(ViewerFlow.defaults().withAckLagMs(100).withSlowTimeoutMs(400)));
        Recorder recorder = new Recorder();
        try (LongConnectionClient c = LongConnectionClient.builder().endpoint("127.0.0.1", strict.port())
                .tls(Tls.trust(strict.certificate())).token(TestTokens.valid("hank")).room("r7").acks(true)
                .eventLoopGroup(group).listener(recorder).build().start();
             RawClient silent = new RawClient(group, strict.port(), true)) {
            assertThat(c.firstWelcome().get(10, TimeUnit.SECONDS).getAckMs()).isEqualTo(25);
            silent.send(ClientFrame.newBuilder().setHello(Hello.newBuilder()
                    .setToken(TestTokens.valid("ivy")).setRoomId("r7").setAcks(true)).build());
            for (int i = 0; i < 30; i++) {
                String id = backend.publish("r7", Category.GIFT, Priority.HIGH, "{}").id().value();
                await("message " + i + " read").atMost(Duration.ofSeconds(10)).until(() -> recorder.seen().containsKey(id));
            }
            await("the client that never acks is closed").atMost(Duration.ofSeconds(10)).until(silent::isClosed);
            assertThat(silent.frames.get(silent.frames.size() - 1).getError().getCode()).isEqualTo("SLOW");
            // By now a client that had not acknowledged its blocks would have been closed as well.
            String after = backend.publish("r7", Category.GIFT, Priority.HIGH, "{}").id().value();
            await("a message after the silent client's close").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.seen().containsKey(after));
            assertThat(recorder.disconnects.get()).isZero();
        }
    }
}
