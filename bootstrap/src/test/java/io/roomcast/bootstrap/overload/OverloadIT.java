package io.roomcast.bootstrap.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Priority;
import io.roomcast.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node overloaded on purpose: a real roomcast jar with only 64 MiB of direct memory, a few hundred
 * TLS viewers of one room, and a business server publishing 1 KiB messages far faster than they can
 * all be encrypted and read on this machine. The node must shed by priority and keep going: it keeps
 * delivering, every CRITICAL message reaches every viewer, each viewer's delivered + skipped adds up
 * to what was published, {@code /health} answers throughout, no {@code OutOfMemoryError}, and once
 * the publishing stops every viewer catches up to the live position. Outcomes only, no timings.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OverloadIT {
    private static final Path JAR = Path.of("target", "roomcast.jar");
    private static final String KEY = "overload-key-0123456789abcdef";
    private static final String SECRET = "overload-secret-0123456789abcdef-0123456789";
    private static final int VIEWERS = 200;
    /** Batches of 100 messages (one CRITICAL) published back to back: far more than the viewers can take. */
    private static final int BATCHES = 240;
    private static final String PAD = "x".repeat(1_000);

    @TempDir
    Path work;

    private Process server;
    private final List<LongConnectionClient> clients = new ArrayList<>();
    private EventLoopGroup group;

    /** What one viewer got, across reconnects (the client resumes with its cursor). */
    private static final class Seen implements LongConnectionListener {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong blocksDuringLoad = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final Set<String> criticals = ConcurrentHashMap.newKeySet();
        volatile boolean loading;
        private long lastSeq;

        @Override
        public synchronized void onBlock(Block block) {
            if (loading) {
                blocksDuringLoad.incrementAndGet();
            }
            for (Message m : block.getEntriesList()) {
                if (m.getCursorSeq() <= lastSeq) {
                    outOfOrder.incrementAndGet();
                }
                lastSeq = m.getCursorSeq();
                if (m.getPriority() == Priority.CRITICAL) {
                    criticals.add(m.getId());
                }
            }
            delivered.addAndGet(block.getEntriesCount());
            var s = block.getSkipped();
            skipped.addAndGet((long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded());
        }
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(LongConnectionClient::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenFarMoreThanTheViewersCanTake_theNode_shedsByPriority_keepsDelivering_andRecovers() throws Exception {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        int[] ports = FreePorts.loopback(2);
        int httpPort = ports[0];
        int tcpPort = ports[1];
        Path log = work.resolve("server.log");
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:MaxDirectMemorySize=64m", "-jar", JAR.toAbsolutePath().toString(),
                "--store=memory", "--data.dir=" + work.resolve("data"), "--http.host=127.0.0.1",
                "--http.port=" + httpPort, "--tcp.host=127.0.0.1", "--tcp.port=" + tcpPort,
                "--tcp.advertise=127.0.0.1:" + tcpPort, "--api.keys=" + KEY, "--token.secret=" + SECRET,
                "--room.budget=1000000", "--render.budget=0", "--tcp.max.new.per.second=5000", "--retention.count=1000000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> health(http, base) == 200);

        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        JwtUserTokens tokens = new JwtUserTokens(SECRET, Clock.system());
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < VIEWERS; i++) {
            Seen s = new Seen();
            seen.add(s);
            String token = tokens.issue(UserId.of("viewer" + i), Duration.ofMinutes(30), System.currentTimeMillis());
            LongConnectionClient client = LongConnectionClient.builder().endpoint("127.0.0.1", tcpPort)
                    .tls(Tls.insecureTrustAll()).token(token).room("hot").listener(s).eventLoopGroup(group)
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build().start();
            clients.add(client);
        }
        for (LongConnectionClient client : clients) {
            client.firstWelcome().get(60, TimeUnit.SECONDS);
        }

        seen.forEach(s -> s.loading = true);
        Set<String> criticals = ConcurrentHashMap.newKeySet();
        long accepted = 0;
        long last = 0;
        List<Integer> healthDuringLoad = new ArrayList<>();
        for (int batch = 0; batch < BATCHES; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                boolean critical = i == 0;
                body.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"hot\",")
                        .append(critical ? "\"category\":\"NOTIFY\",\"priority\":\"CRITICAL\"" : "\"category\":\"CHAT\"")
                        .append(",\"senderId\":\"s\",\"payload\":{\"pad\":\"").append(PAD).append("\"}}");
            }
            body.append(']');
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/messages"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            int i = 0;
            for (JsonElement r : JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("results")) {
                var result = r.getAsJsonObject();
                assertThat(result.get("status").getAsString()).isEqualTo("accepted");
                accepted++;
                String position = result.get("cursor").getAsString();
                last = Math.max(last, Long.parseLong(position.substring(position.indexOf('-') + 1)));
                if (i++ == 0) {
                    criticals.add(result.get("id").getAsString());
                }
            }
            if (batch % 20 == 0) {
                healthDuringLoad.add(health(http, base));
            }
        }
        seen.forEach(s -> s.loading = false);

        // Recovery: every viewer reaches the live position (reconnecting and resuming if it was dropped).
        long live = last;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (LongConnectionClient client : clients) {
                assertThat(client.lastCursor()).isNotEmpty();
                assertThat(Cursor.parse(client.lastCursor()).room().seq()).as("caught up to live").isEqualTo(live);
            }
        });

        assertThat(healthDuringLoad).as("/health answered during the overload").isNotEmpty().containsOnly(200);
        assertThat(health(http, base)).isEqualTo(200);
        long delivered = 0;
        long skipped = 0;
        for (Seen s : seen) {
            assertThat(s.blocksDuringLoad.get()).as("every viewer kept getting blocks during the overload").isPositive();
            assertThat(s.outOfOrder.get()).as("nothing twice, in position order").isZero();
            assertThat(s.criticals).as("every CRITICAL message reached every viewer").containsAll(criticals);
            assertThat(s.delivered.get() + s.skipped.get()).as("delivered + skipped = published").isEqualTo(accepted);
            delivered += s.delivered.get();
            skipped += s.skipped.get();
        }
        assertThat(skipped).as("the node shed some load (by priority) rather than queue it all").isPositive();
        assertThat(delivered).isPositive();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError").doesNotContain("LEAK");
    }

    private static int health(HttpClient http, URI base) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
