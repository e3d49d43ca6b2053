package io.roomcast.bootstrap.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.slices.SliceAnswers.Head;
import io.roomcast.bootstrap.slices.SliceAnswers.Slice;
import io.roomcast.testing.NginxProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node with a real nginx ({@link NginxProcess}: {@code proxy_cache} by the node's headers,
 * cache lock, background updates) in front: thousands of guests following the slices algorithm
 * through nginx see exactly what the node gives directly, while only a request or two per slice
 * reaches the node; and the cache headers of the head, closed and open slices, direct and through nginx.
 */
class NginxSlicesIT {
    private static final String KEY = "slices-it-key-0123456789abcdef";
    private static final String SECRET = "slices-it-secret-0123456789abcdef-0123456789";
    private static final int GUESTS = 2_000;
    private static final int PUBLISHED_SLICES = 4;

    @TempDir
    Path dataDir;

    private final HttpClient direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String room = "nginx-" + UUID.randomUUID();
    private Roomcast node;
    private NginxProcess nginx;

    @BeforeEach
    void start() throws Exception {
        node = Roomcast.start(Settings.load(new String[] {
            "--store=memory", "--data.dir=" + dataDir, "--http.host=127.0.0.1", "--http.port=0", "--tcp.enabled=false",
            "--api.keys=" + KEY, "--token.secret=" + SECRET, "--room.budget=1000000", "--room.critical.budget=0",
            // Every guest's request reaches the node from nginx's one address.
            "--poll.limit.address.per.second=0"}, Map.of()));
        nginx = NginxProcess.start("127.0.0.1", node.httpPort());
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> get(String base, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return direct.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String node() {
        return "http://127.0.0.1:" + node.httpPort();
    }

    private Head directHead() throws Exception {
        HttpResponse<String> head = get(node(), SliceAnswers.headPath(room), "Accept", "application/json");
        assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
        return Head.parse(head.body());
    }

    @Test
    void thousandsOfGuestsThroughNginx_seeWhatTheNodeGives_whileTheNodeAnswersEachSliceOnce() throws Exception {
        long sliceMs = directHead().sliceMs();
        // The room has a history (and a state) before the guests come: their first slices are not before it.
        Publisher warmUp = new Publisher(node.httpPort(), KEY, room);
        warmUp.publishBatch();
        long warmUpSlice = warmUp.bySlice(sliceMs).lastKey();
        await().atMost(Duration.ofSeconds(30)).until(() -> directHead().slice() >= warmUpSlice);
        assertThat(directHead().stateIds()).hasSize(1);
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        ScheduledExecutorService business = Executors.newSingleThreadScheduledExecutor();
        try {
            HttpClient guestsClient = HttpClient.newBuilder().executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            AtomicLong lastWanted = new AtomicLong(Long.MAX_VALUE);
            List<SliceGuest> guests = new ArrayList<>();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < GUESTS; i++) {
                SliceGuest guest = new SliceGuest(guestsClient, nginx.url(""), room, clientThreads);
                guests.add(guest);
                // Spread over one poll interval, as guests arriving over time would be.
                running.add(guest.run(i % 2_000, lastWanted::get));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> guests.stream().allMatch(SliceGuest::started));

            Publisher publisher = new Publisher(node.httpPort(), KEY, room);
            AtomicReference<Throwable> publishFailure = new AtomicReference<>();
            ScheduledFuture<?> publishing = business.scheduleAtFixedRate(() -> {
                try {
                    publisher.publishBatch();
                } catch (Throwable e) {
                    publishFailure.compareAndSet(null, e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> publishFailure.get() != null || publisher.bySlice(sliceMs).size() > PUBLISHED_SLICES);
            publishing.cancel(false);
            business.shutdown();
            assertThat(business.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(publishFailure.get()).isNull();
            NavigableMap<Long, List<String>> published = publisher.bySlice(sliceMs);
            long first = published.firstKey();
            long last = published.lastKey();
            lastWanted.set(last);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

            Map<Long, Slice> expected = directSlices(guests);
            for (long n = first; n <= last; n++) {
                Slice slice = expected.get(n);
                List<String> publishedHere = published.getOrDefault(n, List.of());
                assertThat(slice.truncated()).isFalse();
                assertThat(slice.ids().size() + slice.skippedTotal()).as("delivered + skipped in slice %d", n)
                        .isEqualTo(publishedHere.size());
                assertThat(publishedHere).containsAll(slice.ids());
                assertThat(slice.positions()).allSatisfy(p -> assertThat(p / sliceMs).isEqualTo(slice.n()));
            }
            assertThat(expected.values()).as("the limit (15 a slice) leaves some out")
                    .anySatisfy(s -> assertThat(s.skipped().getOrDefault("priority", 0L)).isPositive());

            for (SliceGuest guest : guests) {
                assertThat(guest.errors).isEmpty();
                assertThat(guest.gaps).isEmpty();
                List<Long> numbers = guest.slices.stream().map(Slice::n).toList();
                assertThat(numbers).as("consecutive slices").isEqualTo(consecutive(numbers.get(0), numbers.size()));
                assertThat(numbers.get(0)).isLessThanOrEqualTo(first);
                assertThat(numbers.get(numbers.size() - 1)).isGreaterThanOrEqualTo(last);
                assertThat(guest.slices).isEqualTo(numbers.stream().map(expected::get).toList());
                List<String> delivered = guest.slices.stream().flatMap(s -> s.ids().stream()).toList();
                assertThat(new HashSet<>(delivered)).as("no duplicates").hasSameSizeAs(delivered);
            }

            long guestRequests = guests.stream().mapToLong(SliceGuest::requests).sum();
            for (long n : expected.keySet()) {
                String path = SliceAnswers.slicePath(room, n);
                assertThat(nginx.upstreamRequests(path::equals)).as("requests for slice %d reaching the node", n)
                        .isBetween(1L, 2L);
            }
            String headPath = SliceAnswers.headPath(room);
            long headsServed = nginx.accessLog().stream().filter(l -> l.requestUri().equals(headPath)).count();
            assertThat(nginx.upstreamRequests(headPath::equals) * 50).as("heads reaching the node, of %d", headsServed)
                    .isLessThan(headsServed);
            System.out.printf("NginxSlicesIT: %d guests sent %d requests through nginx; the node got %d of them "
                    + "(%d for %d slices); published %d messages in slices %d..%d%n", GUESTS, guestRequests,
                    nginx.upstreamRequests(), nginx.upstreamRequests(uri -> uri.startsWith(headPath + "/")),
                    expected.size(), published.values().stream().mapToInt(List::size).sum(), first, last);
        } finally {
            business.shutdownNow();
            clientThreads.shutdownNow();
        }
    }

    @Test
    void cacheHeaders_ofHeadClosedAndOpenSlices_areTheNodes_andNginxKeepsOnlyWhatTheyAllow() throws Exception {
        Publisher publisher = new Publisher(node.httpPort(), KEY, room);
        publisher.publishChat(3);
        long sliceMs = directHead().sliceMs();
        long closed = publisher.bySlice(sliceMs).lastKey();
        await().atMost(Duration.ofSeconds(30)).until(() -> directHead().slice() >= closed);
        String viaNginx = nginx.url("");

        for (String base : List.of(node(), viaNginx)) {
            HttpResponse<String> head = get(base, SliceAnswers.headPath(room), "Accept", "application/json");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(header(head, "Cache-Control")).isEqualTo("public, max-age=1, stale-while-revalidate=1");
            assertThat(header(head, "Vary")).contains("Accept");
        }

        String path = SliceAnswers.slicePath(room, closed);
        HttpResponse<String> json = get(node(), path, "Accept", "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(Slice.parse(json.body()).ids()).hasSize(3);
        assertThat(header(json, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(header(json, "Vary")).contains("Accept");
        String etag = header(json, "ETag");
        assertThat(etag).as("strong").matches("\"[0-9a-f]+\"");
        assertThat(header(get(node(), path, "Accept", "application/x-protobuf"), "ETag")).as("per representation")
                .isNotEqualTo(etag);
        HttpResponse<String> notModified = get(node(), path, "Accept", "application/json", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> cached = get(viaNginx, path, "Accept", "application/json");
            assertThat(cached.body()).isEqualTo(json.body());
            assertThat(header(cached, "ETag")).isEqualTo(etag);
            assertThat(header(cached, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        }
        assertThat(get(viaNginx, path, "Accept", "application/json", "If-None-Match", etag).statusCode()).isEqualTo(304);
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().stream()
                .filter(l -> l.requestUri().equals(path)).count() == 4);
        assertThat(nginx.upstreamRequests(path::equals)).as("kept after the first").isEqualTo(1);

        long open = directHead().slice() + 3;
        String openPath = SliceAnswers.slicePath(room, open);
        for (String base : List.of(node(), viaNginx, viaNginx)) {
            HttpResponse<String> notYet = get(base, openPath, "Accept", "application/json");
            assertThat(notYet.statusCode()).isEqualTo(404);
            assertThat(SliceAnswers.errorCode(notYet.body())).isEqualTo("SLICE_OPEN");
            assertThat(header(notYet, "Cache-Control")).isEqualTo("no-store");
            assertThat(Long.parseLong(header(notYet, "Retry-After"))).isPositive();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().stream()
                .filter(l -> l.requestUri().equals(openPath)).count() == 2);
        assertThat(nginx.upstreamRequests(openPath::equals)).as("an open slice is never kept").isEqualTo(2);

        for (String bad : List.of("abc", "-1", "1.5")) {
            HttpResponse<String> answer = get(node(), SliceAnswers.headPath(room) + "/" + bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(SliceAnswers.errorCode(answer.body())).isEqualTo("INVALID_ARGUMENT");
        }
    }

    private static String header(HttpResponse<?> answer, String name) {
        return answer.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    /** Every slice any guest assembled, fetched straight from the node. */
    private Map<Long, Slice> directSlices(List<SliceGuest> guests) throws Exception {
        Map<Long, Slice> slices = new TreeMap<>();
        for (long n : guests.stream().flatMap(g -> g.slices.stream()).map(Slice::n).distinct().toList()) {
            HttpResponse<String> answer = get(node(), SliceAnswers.slicePath(room, n), "Accept", "application/json");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            slices.put(n, Slice.parse(answer.body()));
        }
        return slices;
    }

    private static List<Long> consecutive(long from, int count) {
        return java.util.stream.LongStream.range(from, from + count).boxed().toList();
    }
}
