package io.roomcast.adapters.chronicle;

import io.roomcast.application.store.StoredMessages;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of the Chronicle store: one {@link StoredDocument} each in the queue, found again
 * by {@link DocumentRef}. Writes go through the queue's only appender; reads borrow a tailer from
 * {@link QueueReaders}. A document that is missing, fails its checksum or does not decode is
 * skipped with one warning per queue index: a read never fails a poll.
 *
 * <p>Threads: {@link #write}, {@link #indexed}, {@link #restored} and {@link #closeAppender} run on
 * the store's writer thread only (Chronicle: an appender belongs to one thread), under the index's
 * write lock; readers from any thread. {@link #deleteBefore} under the index's write lock, so no
 * reader is out.
 */
final class QueueDocuments implements StoredMessages<DocumentRef>, AutoCloseable {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final QueueDirectory directory;
    private final QueueReaders readers;
    private final LongConsumer onRoll;
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();

    /** Only the writer thread touches these. */
    private ExcerptAppender appender;
    private final DocumentWriter documents = new DocumentWriter();
    private int headCycle = -1;

    /** {@code onRoll} is told the time when a document lands in a later cycle than the one before. */
    QueueDocuments(SingleChronicleQueue queue, QueueDirectory directory, LongConsumer onRoll) {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.directory = directory;
        this.readers = new QueueReaders(queue);
        this.onRoll = onRoll;
    }

    /** Appends one complete document; its ref once it is in the mapped file. */
    @Override
    public DocumentRef write(Message stored) {
        int length = documents.write(stored);
        try {
            if (appender == null) {
                appender = queue.createAppender();
            }
            try (DocumentContext dc = appender.writingDocument()) {
                try {
                    dc.wire().bytes().write(documents.bytes(), 0, length);
                } catch (RuntimeException e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            return new DocumentRef(appender.lastIndexAppended(), stored.position().seq());
        } catch (RuntimeException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                    "chronicle: cannot append to " + directory.path() + ": " + e, e);
        }
    }

    @Override
    public void indexed(DocumentRef ref, long now) {
        int cycle = rollCycle.toCycle(ref.queueIndex());
        boolean rolled = headCycle >= 0 && cycle != headCycle;
        headCycle = cycle;
        if (rolled) {
            onRoll.accept(now);
        }
    }

    /** Notes a document indexed at start, in queue order. */
    void restored(long queueIndex) {
        headCycle = rollCycle.toCycle(queueIndex);
    }

    /** The cycle of the newest indexed document, -1 if none. */
    int headCycle() {
        return headCycle;
    }

    int cycleOf(DocumentRef ref) {
        return rollCycle.toCycle(ref.queueIndex());
    }

    @Override
    public Reader<DocumentRef> reader() {
        QueueReaders.Reader borrowed = readers.borrow();
        return new Reader<>() {
            @Override
            public Message read(DocumentRef ref) {
                return QueueDocuments.this.read(borrowed, ref);
            }

            @Override
            public void close() {
                readers.giveBack(borrowed);
            }
        };
    }

    private Message read(QueueReaders.Reader reader, DocumentRef ref) {
        long queueIndex = ref.queueIndex();
        try {
            int length = reader.read(queueIndex);
            if (length < 0) {
                warnSkipped(queueIndex, "no complete document at this index");
                return null;
            }
            StoredDocument.Header header = StoredDocument.parse(reader.buffer(), length);
            if (header.seq() != ref.seq()) {
                warnSkipped(queueIndex, "holds seq " + header.seq() + " where the index expects " + ref.seq());
                return null;
            }
            return StoredDocument.decode(reader.buffer(), header);
        } catch (RuntimeException e) {
            // A read never fails a poll: the message is skipped and reported once.
            warnSkipped(queueIndex, e.getMessage());
            return null;
        }
    }

    /** Reports a document that cannot be used, once per queue index. */
    void warnSkipped(long queueIndex, String problem) {
        if (reported.add(queueIndex)) {
            LOG.warn("chronicle: skipping the document at queue index {} in {}: {}", Long.toHexString(queueIndex),
                    directory.path(), problem);
        }
    }

    /** Deletes the cycle files before {@code keepFrom}; a failure is logged, retention tries again at the next roll. */
    void deleteBefore(int keepFrom) {
        try {
            int deleted = directory.deleteBefore(queue, keepFrom);
            if (deleted > 0) {
                // Under the write lock no reader is out: no tailer is left holding a deleted file's pages.
                readers.closeIdle();
                LOG.info("chronicle: deleted {} cycle files before {} (retention)", deleted, directory.fileOf(keepFrom));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("chronicle: cannot delete old cycle files in {}: {}", directory.path(), e.toString());
        }
    }

    void closeAppender() {
        if (appender != null) {
            appender.close();
        }
    }

    /** Closes the readers; call when no reader is borrowed. */
    @Override
    public void close() {
        readers.close();
    }
}
