package io.roomcast.adapters.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.Outcome;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The HTTP adapter's meters, created once so the hot paths only increment:
 * <ul>
 *   <li>{@code roomcast_published_total{status="accepted"|"discarded"|"duplicate"}}: publish
 *       answers ({@code duplicate}: an idempotent retry answered from the first publish);</li>
 *   <li>{@code roomcast_discarded_total{reason="overload"}}: discarded publishes by reason;</li>
 *   <li>{@code roomcast_polls_total{viewer="guest"|"user"}}, {@code roomcast_poll_messages_total}
 *       and {@code roomcast_poll_skipped_total{reason}}: what polls handed out and skipped;</li>
 *   <li>{@code roomcast_http_requests_seconds{route,status}}: latency of every request, with
 *       histogram buckets from 100 µs to 10 s.</li>
 * </ul>
 * Thread-safe.
 */
final class HttpMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicate;
    private final Counter discarded;
    private final Map<DropReason, Counter> discardedBy = new EnumMap<>(DropReason.class);
    private final Counter guestPolls;
    private final Counter userPolls;
    private final Counter slicePolls;
    private final Counter polledMessages;
    private final Counter skippedPriority;
    private final Counter skippedAge;
    private final Counter skippedBudget;
    private final Counter skippedSuperseded;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = published("accepted");
        duplicate = published("duplicate");
        discarded = published("discarded");
        for (DropReason reason : DropReason.values()) {
            discardedBy.put(reason, Counter.builder("roomcast.discarded").tag("reason", reason.wireName())
                    .description("Publishes discarded, by reason").register(registry));
        }
        guestPolls = Counter.builder("roomcast.polls").tag("viewer", "guest").description("Short polls answered")
                .register(registry);
        userPolls = Counter.builder("roomcast.polls").tag("viewer", "user").description("Short polls answered")
                .register(registry);
        slicePolls = Counter.builder("roomcast.polls").tag("viewer", "slice")
                .description("Short polls answered").register(registry);
        polledMessages = Counter.builder("roomcast.poll.messages").description("Messages handed out by polls")
                .register(registry);
        skippedPriority = skipped(DropReason.PRIORITY);
        skippedAge = skipped(DropReason.AGE);
        skippedBudget = skipped(DropReason.BUDGET);
        skippedSuperseded = skipped(DropReason.SUPERSEDED);
    }

    private Counter published(String status) {
        return Counter.builder("roomcast.published").tag("status", status).description("Publish answers, by status")
                .register(registry);
    }

    private Counter skipped(DropReason reason) {
        return Counter.builder("roomcast.poll.skipped").tag("reason", reason.wireName())
                .description("Messages polls skipped, by reason").register(registry);
    }

    void published(PublishResult result) {
        if (result.outcome() instanceof Outcome.Discarded d) {
            discarded.increment();
            discardedBy.get(d.reason()).increment();
        } else if (result.duplicate()) {
            duplicate.increment();
        } else {
            accepted.increment();
        }
    }

    /** A slice or slice-head request this node answered itself (a cache in front answers the rest). */
    void slicePolled() {
        slicePolls.increment();
    }

    void polled(PollResult result, boolean signedIn) {
        (signedIn ? userPolls : guestPolls).increment();
        if (!result.messages().isEmpty()) {
            polledMessages.increment(result.messages().size());
        }
        var s = result.skipped();
        if (s.isEmpty()) {
            return;
        }
        skippedPriority.increment(s.priority());
        skippedAge.increment(s.age());
        skippedBudget.increment(s.budget());
        skippedSuperseded.increment(s.superseded());
    }

    /** The listener that times requests of {@code route}, one per route, shared by all its requests. */
    ExchangeCompletionListener timing(String route) {
        return new RouteTimer(registry, route);
    }

    /**
     * Records each finished request's latency under its route and status. Timers are looked up
     * once per status and kept, so a request allocates nothing here. Needs the server option
     * {@code RECORD_REQUEST_START_TIME}.
     */
    private static final class RouteTimer implements ExchangeCompletionListener {
        private static final int STATUSES = 600;

        private final MeterRegistry registry;
        private final String route;
        private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(STATUSES);

        RouteTimer(MeterRegistry registry, String route) {
            this.registry = registry;
            this.route = route;
        }

        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
            try {
                long start = exchange.getRequestStartTime();
                if (start > 0) {
                    timer(exchange.getStatusCode()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            } finally {
                next.proceed();
            }
        }

        private Timer timer(int status) {
            int slot = status >= 0 && status < STATUSES ? status : 0;
            Timer timer = byStatus.get(slot);
            if (timer == null) {
                // Two threads may both build it; the registry hands both the same timer.
                timer = Timer.builder("roomcast.http.requests")
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .description("HTTP request latency, by route and status")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry);
                byStatus.set(slot, timer);
            }
            return timer;
        }
    }
}
