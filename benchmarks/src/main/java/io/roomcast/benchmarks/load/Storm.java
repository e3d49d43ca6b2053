package io.roomcast.benchmarks.load;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A reconnect storm against a real node, once, outside the build: the node (the roomcast jar, its
 * own process, Chronicle store, TLS, {@code tcp.max.new.per.second=--rate}) gets {@code --clients}
 * viewers of one room, each with the cursor of a message published first; 20 messages follow. Then
 * the node is killed ({@code SIGKILL}) and started again on the same data and ports: every viewer
 * comes back at once with its cursor while 20 more are published, and 20 after everyone is in.
 * Reports how fast the restarted node admitted them (clients / seconds from ready to the last one
 * in), the RATE_LIMITED refusals they retried, and whether every viewer has every message since its
 * cursor exactly once (not delivered, skipped, duplicates). Exit 1 when one does not. The messages are
 * HIGH gifts and the node keeps gifts deliverable for {@code --gift-age-ms} (default an hour; the
 * node's own default drops a gift older than {@code age.gift.ms} when delivered, counted as skipped).
 * <pre>
 * java -cp benchmarks.jar io.roomcast.benchmarks.load.Storm --server-jar=bootstrap/target/roomcast.jar \
 *     --work-dir=/tmp/storm [--clients=10000 --rate=500 --gift-age-ms=3600000 --http-port=18090 --tcp-port=19490 --out=storm.md]
 * </pre>
 */
public final class Storm {
    private static final String KEY = "storm-key-0123456789abcdef";
    private static final String SECRET = "storm-secret-0123456789abcdef-0123456789";

    private final Options options;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ChurnViewer> viewers = new ArrayList<>();
    private final List<LongConnectionClient> clients = new ArrayList<>();
    private final List<String> published = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private URI base;

    private Storm(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.exit(new Storm(Options.parse(args)).run());
    }

    private int run() throws Exception {
        Path jar = Path.of(options.string("server-jar", "bootstrap/target/roomcast.jar"));
        Path work = Path.of(options.string("work-dir", "/tmp/roomcast-storm"));
        int count = options.integer("clients", 10_000, 1, 100_000);
        int rate = options.integer("rate", 500, 1, 1_000_000);
        int httpPort = options.integer("http-port", 18090, 1, 65_535);
        int tcpPort = options.integer("tcp-port", 19490, 1, 65_535);
        int giftAge = options.integer("gift-age-ms", 3_600_000, 100, 86_400_000);
        String out = options.string("out", null);
        options.rejectUnknown();
        Files.createDirectories(work);
        base = URI.create("http://127.0.0.1:" + httpPort);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", jar.toAbsolutePath().toString(), "serve", "--store=chronicle", "--data.dir=" + work.resolve("data"),
                "--http.host=127.0.0.1", "--http.port=" + httpPort, "--tcp.host=127.0.0.1", "--tcp.port=" + tcpPort,
                "--api.keys=" + KEY, "--token.secret=" + SECRET, "--tcp.max.new.per.second=" + rate,
                "--tcp.max.connections=" + (count + 1_000), "--room.budget=1000000", "--render.budget=0",
                "--age.gift.ms=" + giftAge);
        Process node = start(command, work.resolve("server-1.log"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        UserTokens tokens = new UserTokens(SECRET);
        try {
            JsonObject first = publish("first");
            String cursor = first.get("cursor").getAsString();
            long t0 = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                ChurnViewer v = new ChurnViewer("s" + i);
                viewers.add(v);
                clients.add(LongConnectionClient.builder().endpoint("127.0.0.1", tcpPort).tls(Tls.insecureTrustAll())
                        .token(tokens.issue(v.user, Duration.ofHours(2))).room("storm").cursor(cursor).listener(v.newSession())
                        .eventLoopGroup(group).backoff(Duration.ofMillis(200), Duration.ofSeconds(4)).build().start());
            }
            waitFor("every client in (first start)", 600, this::allConnected);
            line("first start: %,d clients in after %.1f s", count, (System.currentTimeMillis() - t0) / 1000.0);
            publishSome("before", 20);
            waitFor("every client has the first 20", 120, () -> allHave(published.size()));

            node.destroyForcibly().waitFor();
            node = start(command, work.resolve("server-2.log"));
            long ready = System.currentTimeMillis();
            publishSome("during", 20);
            waitFor("every client in (after the restart)", 900, this::allConnected);
            double seconds = (System.currentTimeMillis() - ready) / 1000.0;
            publishSome("after", 20);
            try {
                waitFor("every client accounts for all 60", 300, () -> allHave(published.size()));
            } catch (IllegalStateException e) {
                line("FAILED: %s; connected now: %,d of %,d", e.getMessage(),
                        clients.stream().filter(LongConnectionClient::isConnected).count(), count);
            }
            return check(count, rate, seconds, out);
        } catch (IllegalStateException e) {
            line("FAILED: %s", e.getMessage());
            return finish(out, 1);
        } finally {
            clients.forEach(LongConnectionClient::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private int check(int count, int rate, double seconds, String out) throws Exception {
        long lost = 0;
        long duplicates = 0;
        long skipped = 0;
        long skippedAge = 0;
        long delivered = 0;
        long extra = 0;
        Set<String> wanted = Set.copyOf(published);
        for (ChurnViewer v : viewers) {
            Set<String> got = v.ids();
            lost += wanted.stream().filter(id -> !got.contains(id)).count();
            extra += got.stream().filter(id -> !wanted.contains(id)).count();
            duplicates += v.duplicates();
            skipped += v.skipped();
            skippedAge += v.skippedAge();
            delivered += got.size();
        }
        long refused = viewers.stream().mapToLong(ChurnViewer::rateLimited).sum();
        long shortOf = viewers.stream().filter(v -> v.accounted() < published.size()).count();
        line("after a SIGKILL and restart: %,d clients back in %.1f s = %,.0f admitted/s (node limit %,d/s); "
                + "RATE_LIMITED refusals retried: %,d", count, seconds, count / seconds, rate, refused);
        line("messages since the cursor: %d published x %,d viewers = %,d; delivered %,d + skipped %,d (for age %,d); "
                + "not delivered %,d, duplicates %,d, from before the cursor %,d; viewers short of %d (delivered + skipped): %,d",
                published.size(), count, (long) published.size() * count, delivered, skipped, skippedAge, lost, duplicates,
                extra, published.size(), shortOf);
        return finish(out, lost + duplicates + extra + shortOf == 0 ? 0 : 1);
    }

    private int finish(String out, int code) throws Exception {
        System.out.print(report);
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        return code;
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private boolean allConnected() {
        return clients.stream().allMatch(LongConnectionClient::isConnected);
    }

    /** Every viewer accounts for {@code messages}: delivered + skipped (counted apart in the check). */
    private boolean allHave(int messages) {
        return viewers.stream().allMatch(v -> v.accounted() >= messages);
    }

    private void publishSome(String phase, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            published.add(publish(phase + "-" + i).get("id").getAsString());
        }
    }

    private JsonObject publish(String tag) throws Exception {
        String body = "{\"scope\":\"room\",\"roomId\":\"storm\",\"category\":\"GIFT\",\"priority\":\"HIGH\","
                + "\"senderId\":\"storm\",\"payload\":{\"tag\":\"" + tag + "\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/messages"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.statusCode() != 202 || !answer.get("status").getAsString().equals("accepted")) {
            throw new IllegalStateException("publish " + tag + ": " + r.statusCode() + " " + r.body());
        }
        return answer;
    }

    private Process start(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitFor("the node answering /health", 60, () -> {
            try {
                return http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return p;
    }

    private static void waitFor(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new IllegalStateException("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
