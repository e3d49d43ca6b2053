package io.roomcast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NginxProcess} in front of a JDK {@code HttpServer} that counts what reaches it: what nginx
 * keeps, what it never keeps, one upstream request for a burst of concurrent misses, and an access
 * log that counts exactly what the upstream saw.
 */
class NginxProcessIT {
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService upstreamThreads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer upstream;
    private NginxProcess nginx;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        upstream.createContext("/cached/", exchange -> answer(exchange, "public, max-age=60"));
        upstream.createContext("/no-store/", exchange -> answer(exchange, "no-store"));
        upstream.createContext("/held/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "public, max-age=60");
        });
        upstream.setExecutor(upstreamThreads);
        upstream.start();
        nginx = NginxProcess.start("127.0.0.1", upstream.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        release.countDown();
        upstream.stop(0);
        upstreamThreads.shutdownNow();
    }

    private void answer(HttpExchange exchange, String cacheControl) throws IOException {
        String key = exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Accept");
        int n = seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = (key + " #" + n).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        exchange.getResponseHeaders().set("Vary", "Accept");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** nginx writes a request's log line once it has answered: the client may read the answer first. */
    private List<NginxProcess.AccessLine> accessLog(int lines) {
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().size() >= lines);
        return nginx.accessLog();
    }

    private int upstreamSaw() {
        return seen.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return client.send(request(path, accept), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String accept) {
        return HttpRequest.newBuilder(URI.create(nginx.url(path))).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void publicMaxAgeAnswer_askedTwice_secondIsAHitFromTheCache() throws Exception {
        HttpResponse<String> first = get("/cached/a", "application/json");
        HttpResponse<String> second = get("/cached/a", "application/json");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body()).endsWith("#1");
        assertThat(upstreamSaw()).isEqualTo(1);
        assertThat(accessLog(2)).extracting(NginxProcess.AccessLine::cacheStatus).containsExactly("MISS", "HIT");
        assertThat(nginx.upstreamRequests()).isEqualTo(1);
    }

    @Test
    void sameUrl_otherAccept_isAnotherCacheEntry() throws Exception {
        get("/cached/b", "application/json");
        HttpResponse<String> protobuf = get("/cached/b", "application/x-protobuf");
        get("/cached/b", "application/x-protobuf");

        assertThat(protobuf.body()).isEqualTo("/cached/b application/x-protobuf #1");
        assertThat(upstreamSaw()).isEqualTo(2);
        assertThat(accessLog(3)).hasSize(3);
        assertThat(nginx.upstreamRequests(uri -> uri.equals("/cached/b"))).isEqualTo(2);
    }

    @Test
    void noStoreAnswer_isNeverCached() throws Exception {
        List<String> bodies = List.of(get("/no-store/c", "*/*").body(), get("/no-store/c", "*/*").body(),
                get("/no-store/c", "*/*").body());

        assertThat(bodies).containsExactly("/no-store/c */* #1", "/no-store/c */* #2", "/no-store/c */* #3");
        assertThat(accessLog(3)).extracting(NginxProcess.AccessLine::cacheStatus).containsOnly("MISS");
        assertThat(nginx.upstreamRequests()).isEqualTo(3);
    }

    @Test
    void hundredConcurrentRequests_forOneColdUrl_reachTheUpstreamOnce() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 100)
                .mapToObj(i -> client.sendAsync(request("/held/d", "application/json"), HttpResponse.BodyHandlers.ofString()))
                .toList();
        // The upstream holds the first request until all hundred are inside nginx, waiting on it.
        await().atMost(Duration.ofSeconds(20)).until(() -> nginx.requestsInProgress() >= 100);
        release.countDown();

        assertThat(answers).allSatisfy(a -> assertThat(a.get(30, TimeUnit.SECONDS).body())
                .isEqualTo("/held/d application/json #1"));
        assertThat(upstreamSaw()).isEqualTo(1);
        assertThat(accessLog(100)).hasSize(100);
        assertThat(nginx.upstreamRequests()).isEqualTo(1);
        assertThat(nginx.accessLog()).extracting(NginxProcess.AccessLine::cacheStatus)
                .containsOnly("MISS", "HIT").containsOnlyOnce("MISS");
    }

    @Test
    void config_cachesByTheUpstreamsHeaders_withTheLockAndBackgroundUpdates() {
        assertThat(nginx.config()).contains(NginxProcess.cacheDirectives()).contains("log_subrequest on;")
                .doesNotContain("proxy_cache_valid");
        assertThat(nginx.isAlive()).isTrue();
        nginx.stop();
        assertThat(nginx.isAlive()).isFalse();
    }
}
