package io.roomcast.bootstrap.slices;

import io.roomcast.bootstrap.slices.SliceAnswers.Head;
import io.roomcast.bootstrap.slices.SliceAnswers.Slice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One simulated guest following the slices contract's client algorithm over HTTP, without a
 * thread of its own: ask for the head; a new guest starts at the newest closed slice; fetch every
 * slice from the next one up to the head's, in order (a 410 is a gap; more than 10 behind jumps to
 * head - 9, also a gap); ask for the head again {@code pollAfterMs} later. It stops once it has
 * every slice up to {@code lastWanted}. What it assembled is kept for the test to compare.
 *
 * <p>Each step runs on the client's executor when the previous one's answer came, so one guest's
 * steps never overlap; read its fields after {@link #run} has completed.
 */
final class SliceGuest {
    private static final int MAX_BEHIND = 10;

    private final HttpClient http;
    private final String base;
    private final String room;
    private final Executor executor;
    /** The slices assembled, in the order fetched. */
    final List<Slice> slices = new ArrayList<>();
    /** Gaps reported (a 410, or a jump when too far behind). */
    final List<String> gaps = new ArrayList<>();
    /** Answers the algorithm does not expect, and failed requests. */
    final List<String> errors = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean started;
    private long next = -1;
    private int requests;

    SliceGuest(HttpClient http, String base, String room, Executor executor) {
        this.http = http;
        this.base = base;
        this.room = room;
        this.executor = executor;
    }

    /** Starts polling after {@code delayMillis}; completes once every slice up to {@code lastWanted} is in. */
    CompletableFuture<Void> run(long delayMillis, LongSupplier lastWanted) {
        CompletableFuture.runAsync(() -> loop(lastWanted), CompletableFuture.delayedExecutor(delayMillis,
                TimeUnit.MILLISECONDS, executor));
        return done;
    }

    /** True once the first head has been read (the guest knows where it starts). */
    boolean started() {
        return started;
    }

    /** How many requests this guest sent. */
    int requests() {
        return requests;
    }

    private void loop(LongSupplier lastWanted) {
        if (next >= 0 && next > lastWanted.getAsLong()) {
            done.complete(null);
            return;
        }
        round().whenComplete((pollAfterMs, failure) -> {
            if (failure != null) {
                errors.add(String.valueOf(failure));
            }
            long wait = pollAfterMs == null ? 1_000 : pollAfterMs;
            CompletableFuture.runAsync(() -> loop(lastWanted),
                    CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS, executor));
        });
    }

    /** One head and the slices it makes due; answers the head's pollAfterMs. */
    private CompletableFuture<Long> round() {
        return get(SliceAnswers.headPath(room)).thenCompose(answer -> {
            if (answer.statusCode() != 200) {
                errors.add("head answered " + answer.statusCode() + ": " + answer.body());
                return CompletableFuture.completedFuture(null);
            }
            Head head = Head.parse(answer.body());
            if (next < 0) {
                next = head.slice();
                started = true;
            } else if (head.slice() - next + 1 > MAX_BEHIND) {
                gaps.add("behind: jumped from " + next + " to " + (head.slice() - MAX_BEHIND + 1));
                next = head.slice() - MAX_BEHIND + 1;
            }
            return fetchUpTo(head.slice()).thenApply(v -> head.pollAfterMs());
        });
    }

    private CompletableFuture<Void> fetchUpTo(long last) {
        if (next > last) {
            return CompletableFuture.completedFuture(null);
        }
        long n = next;
        return get(SliceAnswers.slicePath(room, n)).thenCompose(answer -> {
            if (answer.statusCode() == 200) {
                slices.add(Slice.parse(answer.body()));
            } else if (answer.statusCode() == 410) {
                gaps.add("slice " + n + " gone");
            } else {
                errors.add("slice " + n + " answered " + answer.statusCode() + ": " + answer.body());
                return CompletableFuture.completedFuture(null);
            }
            next = n + 1;
            return fetchUpTo(last);
        });
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        requests++;
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
