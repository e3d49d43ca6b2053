package io.roomcast.adapters.tcp;

import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bound on bytes written to long connections, each in a copy of its own, and not yet
 * taken by their sockets.
 *
 * <p>Why node-wide: each TLS connection encrypts its own copy of every block into direct memory,
 * and a connection's own write watermark bounds only that connection; when the node itself is the
 * bottleneck every connection is "slow" at once, and thousands of watermarks add up to more direct
 * memory than the JVM has (then {@code System.gc()} storms, no deliveries at all). Over the budget
 * a connection reports itself not writable, so the push core keeps the viewer's blocks in its
 * pending queue (shared, on the heap) and merges them by priority past its bound: the lowest
 * levels and stale messages go first, CRITICAL never, every drop counted. Below half the budget
 * again, the loops wake the connections that waited ({@link LoopOutputs#budgetRecovered()}).
 *
 * <p>Plaintext bytes are counted from the write until the write completes (its ciphertext is then
 * in the socket). Plain TCP connections share one buffer per loop for a room's block, which is not
 * counted, but a viewer's own blocks (merged, re-picked when stale, replayed) are copies of their
 * own and are: 10,000 held plain viewers writing their merged CRITICAL backlogs exhausted 1 GiB of
 * direct memory before they were. Thread-safe:
 * one atomic counter; {@link #hasRoom()} is a volatile read.
 */
final class OutboundBudget {
    private final long limitBytes;
    private final long resumeBytes;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean exhausted = new AtomicBoolean();
    private final Runnable recovered;

    /** @param limitBytes the budget, or 0 for a quarter of the JVM's direct-memory limit */
    OutboundBudget(long limitBytes, Runnable recovered) {
        this.limitBytes = limitBytes > 0 ? limitBytes : Math.max(1 << 20, PlatformDependent.maxDirectMemory() / 4);
        this.resumeBytes = this.limitBytes / 2;
        this.recovered = recovered;
    }

    boolean hasRoom() {
        return !exhausted.get();
    }

    /** {@code bytes} were written to a connection. */
    void add(int bytes) {
        if (queued.addAndGet(bytes) >= limitBytes && exhausted.compareAndSet(false, true)) {
            // Writes may have completed in between: check again, so the flag never stays up with nothing in flight.
            recoverIfDrained();
        }
    }

    /** A write of {@code bytes} completed (or failed). */
    void release(int bytes) {
        queued.addAndGet(-bytes);
        recoverIfDrained();
    }

    private void recoverIfDrained() {
        if (exhausted.get() && queued.get() <= resumeBytes && exhausted.compareAndSet(true, false)) {
            recovered.run();
        }
    }

    long limitBytes() {
        return limitBytes;
    }

    /** Bytes written and not yet sent now (for meters and tests). */
    long queuedBytes() {
        return queued.get();
    }
}
