package io.roomcast.application.service;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Scope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes each append and its hand-off to fan-out one step, in position order for every room: the
 * push path then never sends a block whose cursor passes a message still on its way, so a viewer
 * resuming from a block's cursor misses nothing. A room message holds its room's stripe (rooms in
 * other stripes go in parallel); a unicast or broadcast message may land in any room's blocks, so
 * it holds every stripe, taken in index order (no deadlock with the single-stripe holders).
 *
 * <p>A stripe held past {@code waitMillis} (the store is stalling) fails the publish fast with
 * {@code STORE_UNAVAILABLE} instead of queueing request threads behind it. Thread-safe.
 */
final class HandOffOrder {
    private static final int STRIPES = 256;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final long waitMillis;

    HandOffOrder(long waitMillis) {
        this.waitMillis = waitMillis;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T inOrder(PublishCommand command, Supplier<T> appendAndHandOff) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        int from;
        int to;
        if (command.scope() == Scope.ROOM) {
            from = command.roomId().hashCode() & (STRIPES - 1);
            to = from;
        } else {
            from = 0;
            to = STRIPES - 1;
        }
        int held = from;
        try {
            for (; held <= to; held++) {
                if (!stripes[held].tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the message store is not answering: "
                            + "earlier publishes have waited more than " + waitMillis + " ms");
                }
            }
            return appendAndHandOff.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "interrupted while waiting to publish");
        } finally {
            for (int i = held - 1; i >= from; i--) {
                stripes[i].unlock();
            }
        }
    }
}
