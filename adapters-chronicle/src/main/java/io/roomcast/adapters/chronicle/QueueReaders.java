package io.roomcast.adapters.chronicle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A small pool of tailers for reading documents by queue index. A Chronicle tailer is not
 * thread-safe and checks that one thread uses it; the pool lends each to one thread at a time
 * (borrow, read, give back), and a borrow re-arms Chronicle's check for the borrowing thread. The
 * pool hand-off (a concurrent deque) orders one thread's use before the next. The pool grows to
 * the number of threads reading at once and no further; a thread-local tailer would instead stay
 * open for every thread that ever read, with nobody to close it.
 */
final class QueueReaders implements AutoCloseable {
    /** Larger documents are treated as damage: a publish is limited far below this. */
    static final int MAX_DOCUMENT = 16 << 20;

    private final ChronicleQueue queue;
    private final ConcurrentLinkedDeque<Reader> idle = new ConcurrentLinkedDeque<>();
    private final List<Reader> all = new ArrayList<>();

    QueueReaders(ChronicleQueue queue) {
        this.queue = queue;
    }

    /** A reader for the calling thread only, until {@link #giveBack}. */
    Reader borrow() {
        Reader reader = idle.pollFirst();
        if (reader == null) {
            reader = new Reader(queue.createTailer());
            synchronized (all) {
                all.add(reader);
            }
        }
        reader.tailer.singleThreadedCheckReset();
        return reader;
    }

    void giveBack(Reader reader) {
        idle.offerFirst(reader);
    }

    /**
     * Closes the idle tailers, so none keeps a deleted cycle file mapped; new ones are made on
     * demand. Call only when no reader is borrowed.
     */
    void closeIdle() {
        Reader reader;
        while ((reader = idle.pollFirst()) != null) {
            synchronized (all) {
                all.remove(reader);
            }
            reader.tailer.singleThreadedCheckReset();
            reader.tailer.close();
        }
    }

    /** Closes every tailer; call only when no reader is borrowed. */
    @Override
    public void close() {
        synchronized (all) {
            for (Reader reader : all) {
                reader.tailer.singleThreadedCheckReset();
                reader.tailer.close();
            }
            all.clear();
        }
        idle.clear();
    }

    /** One tailer and the buffer its documents are copied into. */
    static final class Reader {
        private final ExcerptTailer tailer;
        private byte[] buffer = new byte[1024];

        Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** The bytes of the last document read; valid up to the length {@link #read} returned. */
        byte[] buffer() {
            return buffer;
        }

        /**
         * Copies the document at {@code queueIndex} into {@link #buffer()}.
         *
         * @return its length, or -1 when the queue has no complete document there
         */
        int read(long queueIndex) {
            if (!tailer.moveToIndex(queueIndex)) {
                return -1;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent() || dc.index() != queueIndex) {
                    return -1;
                }
                return copy(dc);
            }
        }

        /** Copies the current document of {@code dc} into {@link #buffer()}; -1 when implausibly large. */
        int copy(DocumentContext dc) {
            Bytes<?> bytes = dc.wire().bytes();
            long length = bytes.readRemaining();
            if (length > MAX_DOCUMENT) {
                return -1;
            }
            if (length > buffer.length) {
                buffer = new byte[Math.max((int) length, buffer.length * 2)];
            }
            bytes.read(buffer, 0, (int) length);
            return (int) length;
        }
    }
}
