package io.roomcast.application.port.out;

import java.util.concurrent.Executor;

/**
 * Port: one thread that runs tasks in the order given and can run one later (a transport's event
 * loop). The push core keeps each room and each viewer on one such loop, so its state needs no lock.
 * {@link #execute} may throw {@link java.util.concurrent.RejectedExecutionException} once the loop shuts down.
 */
public interface TaskLoop extends Executor {

    /** Runs {@code task} on this loop after {@code delayMillis}; the handle cancels it. */
    Timer schedule(Runnable task, long delayMillis);

    /** A scheduled task. */
    @FunctionalInterface
    interface Timer {
        /** Cancels the task if it has not run; harmless after. */
        void cancel();
    }
}
