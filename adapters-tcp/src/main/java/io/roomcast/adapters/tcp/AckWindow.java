package io.roomcast.adapters.tcp;

import java.util.Arrays;

/**
 * The blocks a connection has written and its client has not acknowledged yet ({@code Hello.acks}):
 * when each was written and its size, oldest first. The connection counts as behind when the oldest
 * is older than the lag, or when the unacknowledged bytes reach the window, whatever its socket
 * says: socket buffers on both ends (megabytes each on Linux) and proxies in between would otherwise
 * hide seconds of bytes from the node. The byte window is what bounds latency when the viewers as a
 * whole read slower than the node writes: each then has at most about a window in flight.
 *
 * <p>Per-connection, on the channel's event loop; not thread-safe. Rings of write times and sizes
 * that grow when full: they hold at most what is written within a lag and a window, since nothing
 * more is written to a connection that is behind.
 */
final class AckWindow {
    private final long lagNanos;
    private final long windowBytes;
    private long[] sentAt = new long[16];
    private int[] sizes = new int[16];
    private int head;
    private int size;
    private long bytes;
    private long acked;

    AckWindow(long lagMillis, long windowBytes) {
        this.lagNanos = lagMillis * 1_000_000L;
        this.windowBytes = windowBytes;
    }

    /** A block of {@code frameBytes} was written at {@code nanos}. */
    void sent(long nanos, int frameBytes) {
        if (size == sentAt.length) {
            long[] times = new long[size * 2];
            int[] lengths = new int[size * 2];
            for (int i = 0; i < size; i++) {
                times[i] = sentAt[(head + i) % size];
                lengths[i] = sizes[(head + i) % size];
            }
            sentAt = times;
            sizes = lengths;
            head = 0;
        }
        int tail = (head + size) % sentAt.length;
        sentAt[tail] = nanos;
        sizes[tail] = frameBytes;
        bytes += frameBytes;
        size++;
    }

    /**
     * The client has read {@code total} blocks in all.
     *
     * @return false when the count is more than was written (a bad frame); a count at or below an
     *     earlier one changes nothing
     */
    boolean acked(long total) {
        long newly = total - acked;
        if (newly > size || total < 0) {
            return false;
        }
        for (long i = 0; i < newly; i++) {
            bytes -= sizes[head];
            head = (head + 1) % sentAt.length;
            size--;
        }
        acked = Math.max(acked, total);
        return true;
    }

    /**
     * The oldest unacknowledged block was written more than the lag before {@code nanos}, or the
     * unacknowledged bytes fill the window.
     */
    boolean behind(long nanos) {
        return size > 0 && (nanos - sentAt[head] > lagNanos || bytes >= windowBytes);
    }

    /** Blocks written and not acknowledged. */
    int unacked() {
        return size;
    }

    @Override
    public String toString() {
        return "AckWindow{acked=" + acked + ", unacked=" + size + " (" + bytes + " bytes), times="
                + Arrays.toString(sentAt) + "}";
    }
}
