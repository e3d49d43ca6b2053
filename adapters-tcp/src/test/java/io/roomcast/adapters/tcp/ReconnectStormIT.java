package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reconnect storm: after a restart every viewer of a room comes back at the same moment with the
 * cursor it had, while messages keep arriving. The node admits new connections at its configured
 * rate and refuses the rest with RATE_LIMITED; refused clients back off and retry, and in the end
 * every client is in, has every message published since its cursor exactly once, and skipped
 * nothing. {@code -Droomcast.storm.clients} (default 1,000 on this 2-core box, TLS on both sides
 * in one JVM; the 10,000 is a run of this test with that property, not part of the build).
 */
@ExtendWith(NoLeaks.class)
class ReconnectStormIT {
    private static final int CLIENTS = Integer.getInteger("roomcast.storm.clients", 1_000);
    private static final int RATE = Integer.getInteger("roomcast.storm.rate", 250);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void givenEveryViewerReconnectingAtOnce_theNodeAdmitsAtItsRate_andEveryoneResumesMissingNothing() {
        Backend backend = Backend.realTime(50);
        TcpServer server = backend.server(Backend.config().maxNewConnectionsPerSecond(RATE).maxConnections(CLIENTS + 10));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<LongConnectionClient> clients = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        List<String> published = new CopyOnWriteArrayList<>();
        try {
            Position before = backend.publish("storm", Category.GIFT, Priority.HIGH, "{\"before\":true}").cursor();
            String cursor = Cursor.ORIGIN.with(Family.ROOM, before.part()).encode();
            for (int i = 0; i < 20; i++) {
                published.add(backend.publish("storm", Category.GIFT, Priority.HIGH, "{\"missed\":" + i + "}").id().value());
            }
            for (int i = 0; i < CLIENTS; i++) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                clients.add(LongConnectionClient.builder()
                        .endpoint("127.0.0.1", server.port())
                        .tls(Tls.trust(server.certificate()))
                        .token(TestTokens.valid("v" + i))
                        .room("storm")
                        .cursor(cursor)
                        .eventLoopGroup(group)
                        .backoff(Duration.ofMillis(200), Duration.ofSeconds(4))
                        .listener(recorder)
                        .build()
                        .start());
            }
            for (int i = 0; i < 20; i++) {
                published.add(backend.publish("storm", Category.GIFT, Priority.HIGH, "{\"during\":" + i + "}").id().value());
            }
            await("every client in").atMost(Duration.ofSeconds(200))
                    .until(() -> clients.stream().allMatch(LongConnectionClient::isConnected));
            for (int i = 0; i < 20; i++) {
                published.add(backend.publish("storm", Category.GIFT, Priority.HIGH, "{\"after\":" + i + "}").id().value());
            }
            await("every client has every message").atMost(Duration.ofSeconds(60))
                    .until(() -> recorders.stream().allMatch(r -> r.hasAll(published)));

            long refused = recorders.stream().flatMap(r -> r.errors().stream())
                    .filter(e -> e.getCode().equals("RATE_LIMITED")).count();
            assertThat(refused).as("the rate limit was met and its refusals were retried").isPositive();
            for (Recorder r : recorders) {
                assertThat(r.seen().values()).as("nothing twice").allMatch(n -> n == 1);
                assertThat(r.seen().keySet()).as("nothing from before the cursor").containsExactlyInAnyOrderElementsOf(published);
                assertThat(r.skipped()).isZero();
            }
        } finally {
            clients.forEach(LongConnectionClient::close);
            backend.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
