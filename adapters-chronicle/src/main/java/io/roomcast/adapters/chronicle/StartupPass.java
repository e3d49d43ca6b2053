package io.roomcast.adapters.chronicle;

import io.roomcast.application.store.IndexEntry;
import io.roomcast.application.store.MessageIndex;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.text.ParseException;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the store's heap index at start in one pass over the queue, reading only the fixed
 * document headers (checking each checksum), never decoding a message.
 *
 * <h2>Bad data</h2>
 * A document that does not parse, fails its checksum or is out of order is logged (warn) and
 * skipped. A damaged cycle (a truncated file) is read up to the damage and the pass continues with
 * the next cycle; when the damaged cycle is the newest, new documents go to the next cycle (the
 * time provider is raised to it), because Chronicle would append behind the damage where no reader
 * could reach them. Runs once, on the opening thread, before the store is shared.
 */
final class StartupPass {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final QueueDirectory directory;
    private final ClockTimeProvider time;
    private final MessageIndex<StreamIndex, DocumentRef> index;
    private final QueueDocuments documents;

    StartupPass(SingleChronicleQueue queue, QueueDirectory directory, ClockTimeProvider time,
                MessageIndex<StreamIndex, DocumentRef> index, QueueDocuments documents) {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.directory = directory;
        this.time = time;
        this.index = index;
        this.documents = documents;
    }

    /** One pass over the queue: headers only, bad documents skipped, damaged cycles stepped over; then {@code sweep}. */
    void run(Runnable sweep) {
        long started = System.nanoTime();
        long documentsRead = 0;
        long skipped = 0;
        long lastRead = -1;
        int lastCycle = queue.lastCycle();
        boolean damagedTail = false;
        int movedTo = Integer.MIN_VALUE;
        try (ExcerptTailer tailer = queue.createTailer()) {
            QueueReaders.Reader reader = new QueueReaders.Reader(tailer);
            while (true) {
                long queueIndex = -1;
                int length = 0;
                boolean present;
                try (DocumentContext dc = tailer.readingDocument()) {
                    present = dc.isPresent();
                    if (present) {
                        queueIndex = dc.index();
                        lastRead = queueIndex;
                        length = reader.copy(dc);
                    }
                } catch (RuntimeException e) {
                    int cycle = tailer.cycle();
                    int next = cycleAfter(cycle, movedTo);
                    LOG.warn("chronicle: cannot read cycle file {} past queue index {} ({}); {}", directory.fileOf(cycle),
                            Long.toHexString(tailer.index()), e.toString(),
                            next < 0 ? "it is the newest, so new messages go to the next cycle" : "skipping to the next");
                    movedTo = next;
                    if (next < 0 || !tailer.moveToCycle(next)) {
                        damagedTail = true;
                        break;
                    }
                    continue;
                }
                if (!present) {
                    // The end of a cycle: the end of the queue, or damage with more cycles after it.
                    int cycle = tailer.cycle();
                    long stoppedAt = tailer.index();
                    boolean complete = reachedEndOf(tailer, cycle);
                    int next = cycleAfter(cycle, movedTo);
                    if (next < 0) {
                        damagedTail = !complete;
                        break;
                    }
                    if (!complete) {
                        LOG.warn("chronicle: cycle file {} ends early (truncated or damaged) at queue index {};"
                                + " continuing with the next cycle", directory.fileOf(cycle), Long.toHexString(stoppedAt));
                    }
                    movedTo = next;
                    if (!tailer.moveToCycle(next)) {
                        damagedTail = true;
                        break;
                    }
                    continue;
                }
                documentsRead++;
                if (!indexDocument(reader, queueIndex, length)) {
                    skipped++;
                }
            }
        }
        if (lastCycle >= 0 && lastRead >= 0 && rollCycle.toCycle(lastRead) != lastCycle) {
            damagedTail = true; // the newest cycle file has nothing readable
        }
        if (!damagedTail && lastCycle >= 0 && lastCycle != Integer.MAX_VALUE && cutShort(lastCycle)) {
            // The newest cycle's header says its last document starts where its file no longer reaches (the
            // file was cut short): Chronicle would append behind the hole, where no reader gets past.
            LOG.warn("chronicle: cycle file {} is shorter than its own header says", directory.fileOf(lastCycle));
            damagedTail = true;
        }
        if (lastCycle >= 0 && lastCycle != Integer.MAX_VALUE) {
            // Never write to a cycle before one on disk; never append behind damage.
            time.raiseTo(directory.startMillis(damagedTail ? lastCycle + 1 : lastCycle));
            if (damagedTail) {
                LOG.warn("chronicle: the newest cycle file {} is damaged; new messages go to the next cycle",
                        directory.fileOf(lastCycle));
            }
        }
        sweep.run();
        LOG.info("chronicle: indexed {} messages in {} streams from {} in {} ms ({} unreadable documents skipped)",
                documentsRead - skipped, index.streams(), directory.path(), (System.nanoTime() - started) / 1_000_000,
                skipped);
    }

    /** Whether the store header of {@code cycle} puts its last document where the file holds nothing (cut short). */
    private boolean cutShort(int cycle) {
        SingleChronicleQueueStore store = null;
        try {
            store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            // Chronicle asserts the same before it appends; without assertions it appends after the hole.
            if (store == null) {
                return false;
            }
            long last = store.writePosition();
            return last > 0 && store.bytes().readVolatileInt(last) == 0;
        } catch (RuntimeException e) {
            return true; // it cannot tell where its own end is: treat the tail as damaged
        } finally {
            if (store != null) {
                queue.closeStore(store);
            }
        }
    }

    /** Whether the tailer stopped after the last document its cycle holds, not at damage before it. */
    private boolean reachedEndOf(ExcerptTailer tailer, int cycle) {
        if (cycle == Integer.MIN_VALUE) {
            return true; // the tailer found no cycle at all: an empty queue
        }
        try {
            // Read the position first: counting the cycle's documents moves the tailer.
            long reached = rollCycle.toSequenceNumber(tailer.index());
            long inCycle = tailer.excerptsInCycle(cycle);
            return inCycle < 0 || reached >= inCycle;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The cycle on disk after {@code cycle} (the first one when the tailer has none), or -1; never one tried already. */
    private int cycleAfter(int cycle, int movedTo) {
        int next;
        try {
            if (cycle == Integer.MIN_VALUE) {
                int first = queue.firstCycle();
                next = first < 0 || first == Integer.MAX_VALUE ? -1 : first;
            } else {
                next = queue.nextCycle(cycle, TailerDirection.FORWARD);
            }
        } catch (ParseException | RuntimeException e) {
            LOG.warn("chronicle: cannot list the cycles after {} in {}: {}", cycle, directory.path(), e.toString());
            return -1;
        }
        return next > movedTo && next > cycle ? next : -1;
    }

    /** Indexes one document; false (and a warning) when it is unreadable or out of order. */
    private boolean indexDocument(QueueReaders.Reader reader, long queueIndex, int length) {
        IndexEntry<DocumentRef> entry;
        try {
            if (length < 0) {
                throw new RoomcastException(ErrorCode.INTERNAL, "unreadable queue document: implausibly large");
            }
            StoredDocument.Header h = StoredDocument.parse(reader.buffer(), length);
            StreamKey key = switch (h.scope()) {
                case ROOM -> new StreamKey(RoomId.of(h.target()), h.category(), null);
                case UNICAST -> new StreamKey(null, null, UserId.of(h.target()));
                case BROADCAST -> StreamKey.BROADCAST;
            };
            IdempotencyKey idempotencyKey = h.idempotencyKey() == null ? null : IdempotencyKey.of(h.idempotencyKey());
            entry = new IndexEntry<>(new DocumentRef(queueIndex, h.seq()), key, new Position(h.millis(), h.seq()),
                    h.category(), h.createdAt(), idempotencyKey, h.stateKey(), h.version());
        } catch (RoomcastException e) {
            documents.warnSkipped(queueIndex, e.getMessage());
            return false;
        }
        if (!index.restore(entry)) {
            documents.warnSkipped(queueIndex, "position seq " + entry.position().seq() + " does not follow the head of "
                    + entry.stream().family() + " " + (entry.stream().room() == null ? "" : entry.stream().room().value()));
            return false;
        }
        documents.restored(queueIndex);
        return true;
    }
}
