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
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drain for an upgrade: GoAway to everyone, close within the grace period, clients resume on the endpoint named. */
@ExtendWith(NoLeaks.class)
class DrainIT {
    private static final int CLIENTS = 20;
    private static final long GRACE_MILLIS = 3_000;
    private static final long MAX_DELAY_MILLIS = 400;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenConnectedClients_stop_sendsGoAway_closesWithinGrace_andClientsResumeOnTheNextNode() throws Exception {
        Backend backend = Backend.realTime(20);
        TcpServer next = backend.server(Backend.config());
        TcpServer draining = backend.server(Backend.config().drainGraceMillis(GRACE_MILLIS)
                .goAwayMaxDelayMs(MAX_DELAY_MILLIS).advertisedEndpoints(List.of("127.0.0.1:" + next.port())));
        Tls tls = Tls.insecureTrustAll();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<LongConnectionClient> clients = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        RawClient silent = null;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                Recorder recorder = new Recorder();
                LongConnectionClient client = LongConnectionClient.builder()
                        .endpoint("127.0.0.1", draining.port()).tls(tls).token(TestTokens.valid("u" + i))
                        .room("r1").eventLoopGroup(group).listener(recorder).build().start();
                clients.add(client);
                recorders.add(recorder);
            }
            for (LongConnectionClient c : clients) {
                c.firstWelcome().get(10, TimeUnit.SECONDS);
            }
            // A connection that never says Hello and never reads: it must not hold the drain up.
            silent = new RawClient(group, draining.port(), true, 4 * 1024);

            List<String> published = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                published.add(backend.publish("r1", Category.GIFT, Priority.HIGH, "{\"before\":" + i + "}").id().value());
            }
            for (Recorder r : recorders) {
                await("messages before the drain").atMost(Duration.ofSeconds(20)).until(() -> r.hasAll(published));
            }

            draining.stop();
            // The silent connection never closes by itself: only the end of the grace period closes it.
            // (stop() closes them all by its deadline; the group forgets a closed channel a moment later.)
            await("every connection closed, the silent one too").atMost(Duration.ofSeconds(10))
                    .until(() -> draining.connections() == 0);

            for (Recorder r : recorders) {
                await("GoAway received").atMost(Duration.ofSeconds(5)).until(() -> !r.goAways().isEmpty());
                GoAway goAway = r.goAways().get(0);
                assertThat(goAway.getEndpointsList()).containsExactly("127.0.0.1:" + next.port());
                assertThat(goAway.getReconnectAfterMs()).isBetween(0, (int) MAX_DELAY_MILLIS);
            }
            assertThat(recorders.stream().map(r -> r.goAways().get(0).getReconnectAfterMs()).distinct().count())
                    .as("jittered").isGreaterThan(1);

            for (Recorder r : recorders) {
                await("resumed on the next node").atMost(Duration.ofSeconds(20)).until(() -> r.welcomes.get() == 2);
            }
            for (int i = 0; i < 50; i++) {
                published.add(backend.publish("r1", Category.GIFT, Priority.HIGH, "{\"after\":" + i + "}").id().value());
            }
            for (Recorder r : recorders) {
                await("every message").atMost(Duration.ofSeconds(20)).until(() -> r.hasAll(published));
                assertThat(r.seen().values()).as("nothing twice across the move").allMatch(n -> n == 1);
            }
            assertThat(next.connections()).isEqualTo(CLIENTS);
        } finally {
            clients.forEach(LongConnectionClient::close);
            if (silent != null) {
                silent.close();
            }
            backend.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
