package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.v1.Block;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hot path on real TLS sockets: one room, 1,000 connections, every important message exactly once. */
@ExtendWith(NoLeaks.class)
class FanoutIT {
    private static final int VIEWERS = 1_000;
    private static final int ROUNDS = 15;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void givenAThousandViewers_publishing_deliversEveryCriticalAndHighMessageExactlyOnce_inBlocks() throws Exception {
        // Windows of 100 ms carrying at most 10 entries (a render budget of 100/s): low levels get dropped, counted.
        Backend backend = new Backend(Clock.system(), Backend.rules(100, 100));
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<LongConnectionClient> connections = new ArrayList<>();
        try {
            TcpServer server = backend.server(Backend.config()
                    .maxNewConnectionsPerSecond(1_000_000).heartbeatMs(60_000).threads(Backend.THREADS.withBlockingThreads(2)));
            List<Recorder> recorders = new ArrayList<>();
            List<CompletableFuture<?>> welcomed = new ArrayList<>();
            for (int i = 0; i < VIEWERS; i++) {
                Recorder recorder = new Recorder();
                LongConnectionClient client = LongConnectionClient.builder()
                        .endpoint("127.0.0.1", server.port())
                        .tls(Tls.trust(server.certificate()))
                        .token(TestTokens.valid("viewer" + i))
                        .room("hot")
                        .eventLoopGroup(clients)
                        .listener(recorder)
                        .build()
                        .start();
                connections.add(client);
                recorders.add(recorder);
                welcomed.add(client.firstWelcome());
                if (welcomed.size() % 100 == 0) {
                    // In batches: no handshake queues behind hundreds of others into its timeouts.
                    CompletableFuture.allOf(welcomed.subList(welcomed.size() - 100, welcomed.size())
                            .toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(welcomed.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            await("every viewer counted").atMost(Duration.ofSeconds(30)).until(() -> server.connections() == VIEWERS);

            Set<String> important = new HashSet<>();
            int published = 0;
            for (int round = 0; round < ROUNDS; round++) {
                // Two HIGH, nine LOW, then a CRITICAL that closes the window at once: 12 for 10 places.
                for (int i = 0; i < 12; i++) {
                    Priority level = i == 11 ? Priority.CRITICAL : i < 2 ? Priority.HIGH : Priority.LOW;
                    Category category = level == Priority.LOW ? Category.CHAT : Category.GIFT;
                    PublishResult r = backend.publish("hot", category, level, "{\"round\":" + round + ",\"i\":" + i + "}");
                    assertThat(r.isAccepted()).isTrue();
                    published++;
                    if (level != Priority.LOW) {
                        important.add(r.id().value());
                    }
                }
                int sent = published;
                // The next round starts once this one reached everyone: one round, one block.
                await("round " + round + " everywhere").atMost(Duration.ofSeconds(60))
                        .until(() -> recorders.stream().allMatch(r -> r.entries() + r.skipped() >= sent));
            }
            int total = published;

            await("every viewer accounts for every message").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(recorders.stream().filter(r -> r.entries() + r.skipped() < total).count())
                            .as("viewers behind").isZero());

            for (Recorder r : recorders) {
                Map<String, Integer> seen = r.seen();
                assertThat(seen.keySet()).containsAll(important);
                assertThat(seen.values()).as("nothing twice").allMatch(n -> n == 1);
                assertThat(r.entries() + r.skipped()).as("delivered + skipped = published").isEqualTo(total);
                List<Block> blocks = r.blocks();
                assertThat(blocks.size()).as("messages travel merged in blocks").isLessThan(total);
                assertThat(blocks).anyMatch(b -> b.getEntriesCount() > 1);
                assertThat(r.errors()).isEmpty();
            }
            assertThat(recorders.get(0).skipped()).as("the budget dropped low levels, and said so").isPositive();
            assertThat(server.metrics().blocksSent()).isGreaterThanOrEqualTo(VIEWERS);
        } finally {
            connections.forEach(LongConnectionClient::close);
            backend.close();
            clients.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
