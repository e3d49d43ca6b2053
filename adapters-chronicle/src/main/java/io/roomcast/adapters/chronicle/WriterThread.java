package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the queue (Chronicle: an appender belongs to one thread). A caller
 * hands an append over and waits at most the append timeout. The hand-off costs tens of
 * microseconds, small beside an HTTP publish, and in exchange nothing else in the JVM ever touches
 * the appender, so no thread-local appenders are left open by request threads that come and go.
 * Failures on the writer are thrown again in the caller's thread with both stack traces.
 * Thread-safe.
 */
final class WriterThread {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);

    private final Duration timeout;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "roomcast-chronicle-writer");
        t.setDaemon(true);
        return t;
    });

    WriterThread(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs {@code append} of {@code message} on the writer thread and waits for its answer. */
    AppendResult.Stored append(Message message, Supplier<AppendResult.Stored> append) {
        Future<AppendResult.Stored> result;
        try {
            result = writer.submit(append::get);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("store is closed", e);
        }
        long timeoutMillis = timeout.toMillis();
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not started: cancelled, it never will be. Already running: a document cannot be half
            // cancelled, so wait for it and answer the truth (a 503 for a stored message would
            // leave it stored but never handed to the push path).
            if (result.cancel(false)) {
                throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                        "chronicle: the writer did not store message " + message.id() + " within " + timeoutMillis + " ms", e);
            }
            return finish(result, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(false);
            throw interrupted(message, e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Runs {@code last} on the writer thread, then stops it, waiting twice the append timeout. */
    void stop(Runnable last) {
        try {
            writer.submit(last);
            writer.shutdown();
            if (!writer.awaitTermination(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                LOG.warn("chronicle: the writer thread did not stop; closing the queue anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AppendResult.Stored finish(Future<AppendResult.Stored> running, Message message) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(message, e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static RoomcastException interrupted(Message message, InterruptedException e) {
        return new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                "chronicle: interrupted while storing message " + message.id(), e);
    }

    /** The writer thread's failure, thrown again in the caller's thread with both stack traces. */
    private static RuntimeException rethrown(Throwable cause) {
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
