package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the queue (Chronicle: an appender belongs to one thread), with
 * group commit: a caller queues its batch and waits at most the append timeout; the writer takes
 * every batch waiting and writes them all in one pass ({@code pass}: one hold of the index's write
 * lock, many documents), then answers each caller. Under load a pass carries many publishes, so the
 * hand-off (tens of microseconds) is paid once per pass, not once per message; a lone publish is
 * written at once. An answer still means every document of the batch is complete in the mapped
 * file. Nothing else in the JVM ever touches the appender. Failures on the writer are thrown again
 * in the caller's thread with both stack traces. A batch given a hand-off is handed off on this
 * thread before its caller is answered, in the order of the passes, so hand-offs follow positions
 * across all callers. Thread-safe.
 */
final class WriterThread {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);
    /** Batches a pass takes beyond the first, so readers wait for one pass at most this long. */
    private static final int MAX_PASS_BATCHES = 256;

    /** One caller's batch: waiting, then taken by a pass or given up by its caller, never both. */
    static final class Batch {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int GIVEN_UP = 2;

        final List<Message> messages;
        /** What the pass hands the batch's stored messages to, in its order, or null. */
        final Consumer<List<Message>> handOff;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final CompletableFuture<List<AppendResult.Stored>> answer = new CompletableFuture<>();

        Batch(List<Message> messages, Consumer<List<Message>> handOff) {
            this.messages = messages;
            this.handOff = handOff;
        }

        /** For the pass: true if the caller still waits, and then the pass must answer it. */
        boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        /** Hands off what the pass stored, then answers the caller. */
        void answer(List<AppendResult.Stored> stored) {
            handOff(stored);
            answer.complete(stored);
        }

        /** Hands off what the pass stored before a failure part way, if any, then fails the caller. */
        void fail(Throwable failure) {
            if (failure instanceof PartialBatchException partial) {
                handOff(partial.done());
            }
            answer.completeExceptionally(failure);
        }

        private void handOff(List<? extends AppendResult> stored) {
            if (handOff == null) {
                return;
            }
            try {
                MessageStore.handOffFresh(stored, handOff);
            } catch (RuntimeException e) {
                LOG.error("chronicle: handing off {} stored messages failed; they are stored, and read from the store",
                        stored.size(), e);
            }
        }
    }

    private final Duration timeout;
    private final LinkedBlockingQueue<Object> waiting = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;

    /** {@code pass} writes the batches of one pass and answers each one it {@link Batch#take}s. */
    WriterThread(Duration timeout, Consumer<List<Batch>> pass) {
        this.timeout = timeout;
        this.thread = new Thread(() -> run(pass), "roomcast-chronicle-writer");
        thread.setDaemon(true);
    }

    private void run(Consumer<List<Batch>> pass) {
        List<Object> drained = new ArrayList<>();
        while (true) {
            drained.clear();
            try {
                drained.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(drained, MAX_PASS_BATCHES);
            List<Batch> batches = new ArrayList<>(drained.size());
            Runnable last = null;
            for (Object item : drained) {
                if (item instanceof Batch batch) {
                    batches.add(batch);
                } else if (item instanceof Runnable stop) {
                    last = stop;
                }
            }
            if (!batches.isEmpty()) {
                try {
                    pass.accept(batches);
                } catch (RuntimeException | Error e) {
                    batches.forEach(b -> b.fail(e));
                }
            }
            if (last != null) {
                failWaiting();
                last.run();
                return;
            }
        }
    }

    /**
     * Queues {@code messages} for the next pass and waits for their results. Not taken within the append
     * timeout: given up, it never will be (STORE_UNAVAILABLE). Already taken: a document cannot be
     * half cancelled, so the caller waits for the truth (a 503 for a stored message would leave it
     * stored but never handed to the push path).
     */
    List<AppendResult.Stored> append(List<Message> messages) {
        return append(messages, null);
    }

    /**
     * {@link #append(List)}, with {@code handOff} (or null) called on the writer thread with what the
     * pass stored of the batch, after the batches before it in the pass and before any later pass.
     */
    List<AppendResult.Stored> append(List<Message> messages, Consumer<List<Message>> handOff) {
        if (stopping) {
            throw new IllegalStateException("store is closed");
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            thread.start(); // on first use: a store that fails to open leaves no thread behind
        }
        Batch batch = new Batch(messages, handOff);
        waiting.add(batch);
        long timeoutMillis = timeout.toMillis();
        try {
            return batch.answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (batch.state.compareAndSet(Batch.WAITING, Batch.GIVEN_UP)) {
                throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                        "chronicle: the writer did not store " + describe(messages) + " within " + timeoutMillis + " ms", e);
            }
            return finish(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (batch.state.compareAndSet(Batch.WAITING, Batch.GIVEN_UP)) {
                throw interrupted(messages, e);
            }
            return finish(batch);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Runs {@code last} on the writer thread after the passes queued before it, then stops, waiting twice the append timeout. */
    void stop(Runnable last) {
        stopping = true;
        if (started.compareAndSet(false, true)) {
            last.run(); // never started: nothing was ever queued
            return;
        }
        waiting.add(last);
        try {
            thread.join(timeout.toMillis() * 2);
            if (thread.isAlive()) {
                LOG.warn("chronicle: the writer thread did not stop; closing the queue anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers what was queued after the stop: the store is closed. */
    private void failWaiting() {
        List<Object> left = new ArrayList<>();
        waiting.drainTo(left);
        for (Object item : left) {
            if (item instanceof Batch batch && batch.take()) {
                batch.fail(new IllegalStateException("store is closed"));
            }
        }
    }

    private static List<AppendResult.Stored> finish(Batch taken) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return taken.answer.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the documents are being written: their answer is the truth
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RoomcastException interrupted(List<Message> messages, InterruptedException e) {
        return new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "chronicle: interrupted while storing " + describe(messages), e);
    }

    private static String describe(List<Message> messages) {
        return messages.size() == 1 ? "message " + messages.get(0).id() : messages.size() + " messages";
    }

    /** The writer thread's failure, thrown again in the caller's thread with both stack traces. */
    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof PartialBatchException e) {
            return new PartialBatchException(e.done(), (RoomcastException) e.getCause());
        }
        if (cause instanceof RoomcastException e) {
            return new RoomcastException(e.code(), e.getMessage(), e);
        }
        if (cause instanceof IllegalStateException e) {
            return new IllegalStateException(e.getMessage(), e);
        }
        if (cause instanceof IllegalArgumentException e) {
            return new IllegalArgumentException(e.getMessage(), e);
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new RoomcastException(ErrorCode.INTERNAL, "chronicle: append failed: " + cause, cause);
    }
}
