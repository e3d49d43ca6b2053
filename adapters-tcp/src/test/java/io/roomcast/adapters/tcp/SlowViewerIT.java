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
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Viewers that stop reading: the others still get everything; a slow one is merged down by priority and told what it skipped; one that never reads is closed as SLOW. */
@ExtendWith(NoLeaks.class)
class SlowViewerIT {
    private static final int MESSAGES = 600;

    private static long accounted(RawClient raw) {
        long n = 0;
        for (ServerFrame f : raw.frames) {
            n += f.getBlock().getEntriesCount() + f.getBlock().getSkipped().getPriority() + f.getBlock().getSkipped().getAge()
                    + f.getBlock().getSkipped().getBudget() + f.getBlock().getSkipped().getSuperseded();
        }
        return n;
    }

    private static void hello(RawClient raw, String user) {
        raw.send(ClientFrame.newBuilder().setHello(Hello.newBuilder()
                .setToken(TestTokens.valid(user)).setRoomId("r1")).build());
    }

    private static int online(Backend backend) {
        return backend.directory.online(RoomId.of("r1"), System.currentTimeMillis());
    }

    /**
     * Publishes on another thread in batches of 20, each once the good viewers have everything
     * before it, so that there are many blocks while the slow viewer is not reading.
     */
    private static CompletableFuture<Void> publish(Backend backend, int count, List<String> published,
                                                   List<Recorder> good) {
        String payload = "{\"pad\":\"" + "x".repeat(1_000) + "\"}";
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < count; i++) {
                Priority level = i % 10 == 0 ? Priority.HIGH : Priority.NORMAL;
                published.add(backend.publish("r1", Category.GIFT, level, payload).id().value());
                if (i % 20 == 19) {
                    List<String> sofar = List.copyOf(published);
                    await("the good viewers have batch " + i / 20).atMost(Duration.ofSeconds(30))
                            .until(() -> good.stream().allMatch(r -> r.hasAll(sofar)));
                }
            }
        });
    }

    private static void assertGoodViewersGetEverything(List<Recorder> recorders, List<String> published) {
        List<String> all = List.copyOf(published);
        for (Recorder r : recorders) {
            await("a good viewer gets everything").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(r.hasAll(all))
                            .as(() -> "seen " + r.seen().size() + " of " + all.size()).isTrue());
            assertThat(r.seen().values()).allMatch(n -> n == 1);
            assertThat(r.skipped()).isZero();
            assertThat(r.errors()).isEmpty();
        }
    }

    private static long budgetSkipped(RawClient raw) {
        return raw.frames.stream().mapToLong(f -> f.getBlock().getSkipped().getBudget()).sum();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void givenViewersThatStopReading_others_getEverything_theSlowOneIsToldWhatItSkipped_theStuckOneIsClosed() throws Exception {
        Backend backend = Backend.realTime(20);
        TcpServer server = backend.server(Backend.config()
                .flow(ViewerFlow.defaults().withWriteBufferLowBytes(8 * 1024).withWriteBufferHighBytes(32 * 1024)
                        .withSocketSendBufferBytes(16 * 1024).withSlowTimeoutMs(6_000))
                .push(PushLimits.defaults().withMaxPendingBlocks(2).withMergedBlockMaxEntries(5)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<LongConnectionClient> good = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        RawClient slow = null;
        RawClient stuck = null;
        try {
            for (int i = 0; i < 3; i++) {
                Recorder recorder = new Recorder();
                LongConnectionClient client = LongConnectionClient.builder()
                        .endpoint("127.0.0.1", server.port()).tls(Tls.trust(server.certificate()))
                        .token(TestTokens.valid("good" + i)).room("r1").eventLoopGroup(group).listener(recorder)
                        .build().start();
                client.firstWelcome().get(10, TimeUnit.SECONDS);
                good.add(client);
                recorders.add(recorder);
            }
            // A viewer that stops reading (a 4 KiB receive buffer, no reads), and comes back soon.
            slow = new RawClient(group, server.port(), true, 4 * 1024);
            hello(slow, "slow");
            await("the slow viewer is in the room").atMost(Duration.ofSeconds(10)).until(() -> online(backend) == 4);
            List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> publishing = publish(backend, MESSAGES, published, recorders);
            RawClient slowOne = slow;
            await("the slow viewer's pending blocks merged").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(server.metrics().slowMerges() >= 1)
                            .as(() -> "blocks " + server.metrics().blocksSent() + " frames " + slowOne.frames.size())
                            .isTrue());
            slowOne.resumeReading();
            publishing.get(60, TimeUnit.SECONDS);

            assertGoodViewersGetEverything(recorders, published);
            await("the returning viewer accounts for every message").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(accounted(slowOne) >= MESSAGES)
                            .as(() -> "accounted " + accounted(slowOne)).isTrue());
            assertThat(accounted(slowOne)).as("delivered + skipped = published").isEqualTo(MESSAGES);
            assertThat(budgetSkipped(slowOne)).as("merged by priority while it was stuck, and told so").isPositive();
            assertThat(slowOne.isClosed()).isFalse();
            assertThat(server.metrics().slowCloses()).isZero();

            // A viewer that never reads again: closed as SLOW; the others still get everything.
            stuck = new RawClient(group, server.port(), true, 4 * 1024);
            hello(stuck, "stuck");
            await("the stuck viewer is in the room").atMost(Duration.ofSeconds(10)).until(() -> online(backend) == 5);
            publish(backend, MESSAGES, published, recorders).get(60, TimeUnit.SECONDS);
            await("the viewer that never reads is closed as SLOW").atMost(Duration.ofSeconds(30))
                    .until(() -> server.metrics().slowCloses() >= 1);
            RawClient never = stuck;
            never.resumeReading();
            await("its connection ends").atMost(Duration.ofSeconds(30)).until(never::isClosed);
            assertThat(server.metrics().slowCloses()).isEqualTo(1);
            assertGoodViewersGetEverything(recorders, published);
            assertThat(slowOne.isClosed()).isFalse();
        } finally {
            good.forEach(LongConnectionClient::close);
            for (RawClient raw : new RawClient[] {slow, stuck}) {
                if (raw != null) {
                    raw.close();
                }
            }
            backend.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
