package io.roomcast.application.store;

import io.roomcast.domain.message.Message;

/**
 * Where a store keeps the messages its {@link MessageIndex} refers to (the heap, a queue file),
 * and how it gets them back from a ref {@code R}.
 *
 * <p>{@link #write} and {@link #indexed} are called by one thread at a time, under the index's
 * write lock; {@link #reader()} from any thread, each reader used by the thread that opened it.
 */
public interface StoredMessages<R> {

    /** Keeps {@code stored} (already at its position); how to find it again. */
    R write(Message stored);

    /** Called once {@code ref} is indexed, still under the write lock: a store that sweeps on its own events does it here. */
    default void indexed(R ref, long now) {
    }

    /** A reader for the calling thread, until it is closed. */
    Reader<R> reader();

    /** Reads messages back by ref; one thread's, until closed. */
    interface Reader<R> extends AutoCloseable {

        /** The message {@code ref} points at, or null when it cannot be read (the store reports why). */
        Message read(R ref);

        @Override
        void close();
    }
}
