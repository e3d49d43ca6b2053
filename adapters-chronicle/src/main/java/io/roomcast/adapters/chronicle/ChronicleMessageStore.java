package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.store.MessageIndex;
import io.roomcast.application.store.RoomAdmissions;
import io.roomcast.application.store.StoredMessages;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: every message is one document in a Chronicle Queue under the data
 * directory ({@link StoredDocument}: a small header, the protobuf storage encoding, a checksum),
 * and an index in the heap says which documents each stream holds. It behaves as
 * {@code InMemoryMessageStore} does, passes {@code MessageStoreContract}, and survives restarts.
 *
 * <h2>The index: queue indexes, not messages</h2>
 * Per stream ({@code StreamKey}: one category of a room, one user, the broadcasts) a ring of
 * 24-byte entries: the document's queue index, its position seq (with the category) and millis
 * ({@link StreamIndex}). Holding the decoded {@link Message}s instead would cost some 500 bytes
 * each (record, payload copy, id strings) and a protobuf decode of every document at start. With
 * entries, the start-up pass reads only the fixed document headers (checking each checksum), and
 * 1,000,000 retained messages in 10,000 rooms (39,296 streams) took about 40 MB of heap and were
 * indexed in 0.7 s (page cache warm) to 1.8 s (page cache dropped) on a 2-core machine. A read
 * finds its start by binary search in the feed's own streams (never touching another room) and
 * decodes just the documents it returns, a few microseconds each. Idempotency keys and the newest
 * version of each state key are indexed the same way. The bookkeeping (positions, retention,
 * keys, states, reads) is {@link MessageIndex}'s, shared with {@code InMemoryMessageStore}; this
 * class adds the queue.
 *
 * <h2>Threads</h2>
 * One writer thread owns the queue's only appender ({@link WriterThread}): {@link #append} and
 * {@link #appendAll} hand their messages over and wait at most the configured append timeout; the
 * writer takes every batch waiting in one pass (group commit). Readers borrow a tailer from a
 * small pool ({@link QueueReaders}). The {@link MessageIndex} orders the index with a read-write
 * lock: the writer assigns a position, writes the document and indexes it while holding the write
 * lock, so a position becomes visible to readers only together with every earlier one, and a
 * reader following cursors never skips a message. Readers hold the read lock while they read
 * documents, so a cycle file is never deleted under them. Thread-safe.
 *
 * <h2>Durability</h2>
 * {@code append} returns after the document is complete in the memory-mapped queue file. Those
 * pages belong to the operating system's page cache, which outlives the process: an
 * acknowledged message survives {@code kill -9} of the JVM (tested with a child JVM). It does not
 * survive a power loss or kernel crash unless the OS wrote the pages first; there is no fsync per
 * message. A document a killed process left half-written is never acknowledged; Chronicle clears
 * it at the next append and the start-up pass never indexes it.
 *
 * <h2>Retention</h2>
 * Count per stream and age per category, applied to the index on write, as in memory. Disk:
 * when the queue rolls to a new cycle (and at start), every stream, state and idempotency key is
 * aged, and the cycle files before the oldest one still referenced are deleted; the cycle of
 * the newest document is never deleted, so positions keep growing across restarts. What deleted
 * files held is not known after a restart: a cursor from before the oldest document on disk is
 * answered with {@code gap}, for every stream.
 *
 * <h2>Bad data</h2>
 * A document that does not parse, fails its checksum or does not decode is logged (warn) and
 * skipped, at start ({@link StartupPass}, which also steps over damaged cycles) and in a read
 * ({@link QueueDocuments}).
 */
final class ChronicleMessageStore implements MessageStore {
    static {
        ChronicleProperties.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);

    private final SingleChronicleQueue queue;
    private final QueueDirectory directory;
    private final QueueDocuments documents;
    private final MessageIndex<StreamIndex, DocumentRef> index;
    private final WriterThread writer;
    private final DiskSpace disk;
    private final RoomAdmissions admissions = new RoomAdmissions();

    private ChronicleMessageStore(ChronicleStoreConfig config, Clock clock, QueueDirectory directory,
                                  SingleChronicleQueue queue, UnaryOperator<StoredMessages<DocumentRef>> storage) {
        this.queue = queue;
        this.directory = directory;
        this.documents = new QueueDocuments(queue, directory, this::sweep);
        this.index = new MessageIndex<>(config.retention(), clock, StreamIndex::new, storage.apply(documents),
                StoreId.readOrCreate(config.queueDir()));
        this.writer = new WriterThread(config.appendTimeout(), this::pass);
        this.disk = new DiskSpace(config.queueDir(), config.minFreeBytes());
    }

    /** Opens (or creates) the queue under {@code config.queueDir()} and rebuilds the index from it. */
    static ChronicleMessageStore open(ChronicleStoreConfig config, Clock clock) {
        return open(config, clock, UnaryOperator.identity());
    }

    /** As {@link #open(ChronicleStoreConfig, Clock)}, the index writing through {@code storage} of the queue (tests break writes with it). */
    static ChronicleMessageStore open(ChronicleStoreConfig config, Clock clock,
                                      UnaryOperator<StoredMessages<DocumentRef>> storage) {
        QueueDirectory directory = QueueDirectory.lock(config.queueDir(), config.rollCycle());
        SingleChronicleQueue queue = null;
        try {
            ClockTimeProvider time = new ClockTimeProvider(clock);
            queue = build(config, time);
            List<Integer> unopenable = directory.unopenableCycles(queue);
            if (!unopenable.isEmpty()) {
                queue.close();
                queue = null;
                for (int cycle : unopenable) {
                    LOG.warn("chronicle: cycle file {} cannot be opened (its header is damaged); moved aside to {}",
                            directory.fileOf(cycle), directory.quarantine(cycle));
                    time.raiseTo(directory.startMillis(cycle + 1));
                }
                queue = build(config, time);
            }
            ChronicleMessageStore store = new ChronicleMessageStore(config, clock, directory, queue, storage);
            new StartupPass(queue, directory, time, store.index, store.documents).run(() -> store.sweep(clock.millis()));
            return store;
        } catch (IOException | RuntimeException | Error e) {
            if (queue != null) {
                queue.close();
            }
            directory.close();
            if (e instanceof RoomcastException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                    "chronicle: cannot open the queue in " + config.queueDir() + ": " + e, e);
        }
    }

    private static SingleChronicleQueue build(ChronicleStoreConfig config, ClockTimeProvider time) {
        return SingleChronicleQueueBuilder.binary(config.queueDir())
                .rollCycle(config.rollCycle())
                .timeProvider(time)
                .timeoutMS(config.lockTimeout().toMillis())
                .build();
    }

    @Override
    public AppendResult.Stored append(Message message) {
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        index.checkOpen();
        try {
            return writer.append(List.of(message)).get(0);
        } catch (PartialBatchException e) {
            throw new RoomcastException(e.code(), e.getCause().getMessage(), e);
        }
    }

    /**
     * The room budgets are judged on the caller's thread, then everything admitted goes to the
     * writer as one batch: the writer's next pass takes it with whatever else is waiting.
     */
    @Override
    public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
        MessageStore.requireUnstored(messages);
        index.checkOpen();
        return admissions.appendAll(messages, policy, index, writer::append);
    }

    /**
     * {@link #appendAll(List, AdmissionPolicy)}, handing off on the writer thread: every pass hands
     * its batches' messages off in the order it wrote them, so hand-offs follow positions across
     * all callers and batches need no lock of the caller's around them.
     */
    @Override
    public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy, Consumer<List<Message>> handOff) {
        MessageStore.requireUnstored(messages);
        index.checkOpen();
        return admissions.appendAll(messages, policy, index, admitted -> writer.append(admitted, handOff));
    }

    @Override
    public boolean handsOffInOrder() {
        return true;
    }

    /**
     * One pass of the writer (group commit): every batch waiting, in the order queued, under one
     * hold of the index's write lock; then, with the lock let go, each batch's stored messages are
     * handed off in that order and its caller answered.
     */
    private void pass(List<WriterThread.Batch> batches) {
        RoomcastException full = disk.refusal();
        if (full != null) {
            for (WriterThread.Batch batch : batches) {
                if (batch.take()) {
                    batch.fail(full);
                }
            }
            return;
        }
        List<Runnable> answers = new ArrayList<>(batches.size());
        index.exclusively(() -> {
            for (WriterThread.Batch batch : batches) {
                if (!batch.take()) {
                    continue; // its caller gave up waiting: never written
                }
                try {
                    List<AppendResult.Stored> stored = index.appendAll(batch.messages);
                    answers.add(() -> batch.answer(stored));
                } catch (RuntimeException e) {
                    answers.add(() -> batch.fail(e));
                }
            }
        });
        answers.forEach(Runnable::run);
    }

    /** The room's budget is judged on the caller's thread, so a refused message never waits for the writer. */
    @Override
    public AppendResult append(Message message, AdmissionPolicy policy) {
        return admissions.append(message, policy, index, this::append);
    }

    /**
     * Ages the whole index (at start and when the queue rolls: {@link MessageIndex#sweep}), then
     * deletes the cycle files before the oldest one anything still refers to. The cycle of the
     * newest document is never deleted, so positions keep growing across restarts.
     */
    private void sweep(long now) {
        index.exclusively(() -> {
            int[] keepFrom = {documents.headCycle()};
            index.sweep(now, ref -> keepFrom[0] = Math.min(keepFrom[0], documents.cycleOf(ref)));
            if (keepFrom[0] >= 0) { // else nothing indexed: nothing known to be safe to delete
                documents.deleteBefore(keepFrom[0]);
            }
        });
    }

    @Override
    public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
        return index.findByIdempotencyKey(key);
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        return index.readSince(feed, after, max);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        return index.readLatest(feed, max);
    }

    @Override

    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

        return index.closeSlice(room, fromMillis, toMillis, max);

    }


    @Override
    public List<Message> latestStates(RoomId room) {
        return index.latestStates(room);
    }

    @Override
    public Cursor head(RoomId room) {
        return index.head(room);
    }

    /** Streams the heap index holds (for tests). */
    int indexedStreams() {
        return index.streams();
    }

    /** Rooms with state versions the heap index holds (for tests). */
    int roomsWithStates() {
        return index.roomsWithStates();
    }

    @Override
    public void close() {
        if (!index.close()) {
            return;
        }
        try {
            writer.stop(documents::closeAppender);
        } finally {
            documents.close();
            queue.close();
            directory.close();
        }
    }
}
