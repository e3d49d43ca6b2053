package io.roomcast.application.service;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes each append and its hand-off to fan-out one step, in position order for every room: the
 * push path then never sends a block whose cursor passes a message still on its way, so a viewer
 * resuming from a block's cursor misses nothing. A room message holds its room's stripe (rooms in
 * other stripes go in parallel); a unicast or broadcast message may land in any room's blocks, so
 * it holds every stripe. A batch holds the stripes of all its rooms. Stripes are always taken in
 * index order, so holders of several never deadlock.
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

    /** Runs {@code appendAndHandOff} holding the stripes of every room of {@code commands} (all of them for a non-room message). */
    <T> T inOrder(List<PublishCommand> commands, Supplier<T> appendAndHandOff) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean[] needed = new boolean[STRIPES];
        for (PublishCommand command : commands) {
            if (command.scope() != Scope.ROOM) {
                Arrays.fill(needed, true);
                break;
            }
            needed[command.roomId().hashCode() & (STRIPES - 1)] = true;
        }
        int held = 0;
        try {
            for (; held < STRIPES; held++) {
                if (needed[held]
                        && !stripes[held].tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the message store is not answering: "
                            + "earlier publishes have waited more than " + waitMillis + " ms");
                }
            }
            return appendAndHandOff.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "interrupted while waiting to publish");
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                if (needed[i]) {
                    stripes[i].unlock();
                }
            }
        }
    }
}
