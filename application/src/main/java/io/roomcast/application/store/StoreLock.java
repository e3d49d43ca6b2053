package io.roomcast.application.store;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A store's read-write lock together with the closed flag it guards: {@link #read} and
 * {@link #write} fail with {@link IllegalStateException} once {@link #close} ran. Reentrant, so
 * work under the write lock may call work that takes it again. Thread-safe.
 */
final class StoreLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    <T> T read(Supplier<T> work) {
        return locked(lock.readLock(), true, work);
    }

    <T> T readEvenIfClosed(Supplier<T> work) {
        return locked(lock.readLock(), false, work);
    }

    <T> T write(Supplier<T> work) {
        return locked(lock.writeLock(), true, work);
    }

    <T> T writeEvenIfClosed(Supplier<T> work) {
        return locked(lock.writeLock(), false, work);
    }

    /** Closes, once no read or write is running; false if it was closed already. */
    boolean close() {
        return writeEvenIfClosed(() -> {
            boolean wasOpen = !closed;
            closed = true;
            return wasOpen;
        });
    }

    private <T> T locked(Lock held, boolean mustBeOpen, Supplier<T> work) {
        held.lock();
        try {
            if (mustBeOpen) {
                checkOpen();
            }
            return work.get();
        } finally {
            held.unlock();
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }
}
