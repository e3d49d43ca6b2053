package io.roomcast.benchmarks.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The pace of a publisher: every {@code tickMillis} it hands what the rate owes since the last
 * tick to a {@link Sender} in batches of at most {@code maxBatch} messages. It never queues without
 * bound: while {@code maxInFlight} batches are unanswered, a batch is not sent and its messages are
 * counted as {@link Publisher.Stats#notSent} (the publisher fell behind), so a report shows the rate
 * really offered. Shared by the HTTP {@link Publisher} and the Redis {@link RedisPublisher}, so both
 * offer the same traffic. Thread-safe: the ticks run on one daemon thread of their own.
 */
final class Pacer implements AutoCloseable {
    /** Sends one batch of {@code messages}; called on the pacer's thread. */
    interface Sender {
        void send(int messages);
    }

    private final long tickMillis;
    private final int maxBatch;
    private final int maxInFlight;
    private final Publisher.Stats stats;
    private final IntSupplier inFlight;
    private final Sender sender;
    private final ScheduledExecutorService ticker;
    private double owed;
    private long startNanos;

    /** @param inFlight batches sent and not yet answered */
    Pacer(long tickMillis, int maxBatch, int maxInFlight, Publisher.Stats stats, IntSupplier inFlight, Sender sender) {
        this.tickMillis = tickMillis;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.stats = stats;
        this.inFlight = inFlight;
        this.sender = sender;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("publisher"));
    }

    void start(Publisher.Rate rate) {
        startNanos = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> tick(rate), 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    private void tick(Publisher.Rate rate) {
        try {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            owed += rate.at(seconds) * tickMillis / 1000.0;
            int due = (int) owed;
            owed -= due;
            while (due > 0) {
                int n = Math.min(due, maxBatch);
                due -= n;
                if (inFlight.getAsInt() >= maxInFlight) {
                    stats.notSent.add(n);
                    continue;
                }
                sender.send(n);
            }
        } catch (RuntimeException e) {
            stats.failure("publisher: " + e.getClass().getSimpleName(), 0);
        }
    }

    /** Stops the ticks; waits up to 10 s for the batches in flight to be answered. */
    @Override
    public void close() {
        ticker.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight.getAsInt() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
