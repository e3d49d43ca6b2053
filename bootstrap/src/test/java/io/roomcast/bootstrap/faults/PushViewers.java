package io.roomcast.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Long-connection viewers of one room (the Java client over TLS, trusting the node's self-signed
 * certificate), each recording what it got across reconnects (the client resumes by cursor): the
 * message ids delivered, the skipped count each block reports, and how often its connection was
 * lost. Closing stops the clients and their event loop.
 */
final class PushViewers implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<LongConnectionClient> clients = new ArrayList<>();
    final List<Viewer> viewers = new ArrayList<>();

    /** What one viewer got. */
    static final class Viewer implements LongConnectionListener {
        final String user;
        private final List<String> delivered = new ArrayList<>();
        private long skipped;
        private int disconnects;

        Viewer(String user) {
            this.user = user;
        }

        @Override
        public synchronized void onBlock(Block block) {
            block.getEntriesList().stream().map(Message::getId).forEach(delivered::add);
            var s = block.getSkipped();
            skipped += (long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded();
        }

        @Override
        public synchronized void onDisconnected(Throwable cause) {
            disconnects++;
        }

        synchronized List<String> delivered() {
            return List.copyOf(delivered);
        }

        synchronized long skipped() {
            return skipped;
        }

        synchronized int disconnects() {
            return disconnects;
        }

        synchronized long accounted() {
            return delivered.size() + skipped;
        }
    }

    /** {@code count} viewers of {@code room} on {@code 127.0.0.1:tcpPort}, each welcomed before this returns. */
    static PushViewers start(int tcpPort, String tokenSecret, String room, int count) throws Exception {
        PushViewers all = new PushViewers();
        try {
            JwtUserTokens tokens = new JwtUserTokens(tokenSecret, Clock.system());
            for (int i = 0; i < count; i++) {
                Viewer viewer = new Viewer("viewer" + i);
                all.viewers.add(viewer);
                String token = tokens.issue(UserId.of(viewer.user), Duration.ofMinutes(30), System.currentTimeMillis());
                all.clients.add(LongConnectionClient.builder().endpoint("127.0.0.1", tcpPort).tls(Tls.insecureTrustAll())
                        .token(token).room(room).listener(viewer).eventLoopGroup(all.group)
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build().start());
            }
            for (LongConnectionClient client : all.clients) {
                client.firstWelcome().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception | Error e) {
            all.close();
            throw e;
        }
        return all;
    }

    /** True when every viewer has been delivered at least one of {@code ids}. */
    boolean everyViewerGotOneOf(Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        return viewers.stream().allMatch(v -> v.delivered().stream().anyMatch(wanted::contains));
    }

    /**
     * Waits until every viewer accounts for every message of the room ({@code stored}, read from the
     * store from the oldest): delivered + skipped = published; then checks that nothing was delivered
     * twice and nothing delivered that is not stored. Since every acknowledged message is stored
     * (checked by the caller), each one is then delivered or among those counted as skipped.
     */
    void assertEveryViewerAccountsFor(List<String> stored) {
        await("every viewer: delivered + skipped = published").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    for (Viewer v : viewers) {
                        assertThat(v.accounted()).as("%s: delivered %d + skipped %d = published", v.user,
                                v.delivered().size(), v.skipped()).isEqualTo(stored.size());
                    }
                });
        Set<String> storedIds = new HashSet<>(stored);
        for (Viewer v : viewers) {
            assertThat(v.delivered()).as("%s: nothing twice", v.user).doesNotHaveDuplicates();
            assertThat(storedIds).as("%s: nothing delivered that is not stored", v.user).containsAll(v.delivered());
        }
    }

    /** One line for the run's output: the figures RELIABILITY.md quotes. */
    String summary() {
        return viewers.size() + " viewers: delivered " + viewers.stream().mapToLong(v -> v.delivered().size()).sum()
                + ", skipped " + viewers.stream().mapToLong(Viewer::skipped).sum()
                + ", connections lost " + viewers.stream().mapToInt(Viewer::disconnects).sum();
    }

    @Override
    public void close() {
        clients.forEach(LongConnectionClient::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
