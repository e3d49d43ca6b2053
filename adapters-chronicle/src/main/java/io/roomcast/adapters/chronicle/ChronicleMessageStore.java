package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: every message is one document in a Chronicle Queue under the data
 * directory ({@link StoredDocument}: a small header, the protobuf storage encoding, a checksum),
 * and an index in the heap says which documents each stream holds. It behaves as
 * {@code InMemoryMessageStore} does, passes {@code MessageStoreContract}, and survives restarts.
 *
 * <h2>The index: queue indexes, not messages</h2>
 * Per stream ({@link StreamKey}: one category of a room, one user, the broadcasts) a ring of
 * 24-byte entries: the document's queue index, its position seq (with the category) and millis
 * ({@link StreamIndex}). Holding the decoded {@link Message}s instead would cost some 500 bytes
 * each (record, payload copy, id strings) and a protobuf decode of every document at start. With
 * entries, the start-up pass reads only the fixed document headers (checking each checksum), and
 * 1,000,000 retained messages in 10,000 rooms (39,296 streams) took about 40 MB of heap and were
 * indexed in 0.7 s (page cache warm) to 1.8 s (page cache dropped) on a 2-core machine. A read
 * finds its start by binary search in the feed's own streams (never touching another room) and
 * decodes just the documents it returns, a few microseconds each. Idempotency keys and the newest
 * version of each state key are indexed the same way.
 *
 * <h2>Threads</h2>
 * One writer thread owns the queue's only appender (Chronicle: an appender belongs to one
 * thread): {@link #append} hands the message over and waits at most the configured append
 * timeout. The hand-off costs tens of microseconds, small beside an HTTP publish, and in
 * exchange nothing else in the JVM ever touches the appender, so no thread-local appenders are
 * left open by request threads that come and go. Readers borrow a tailer from a small pool
 * ({@link QueueReaders}). A read-write lock orders the index: the writer assigns a position,
 * writes the document and indexes it while holding the write lock, so a position becomes visible
 * to readers only together with every earlier one, and a reader following cursors never skips a
 * message. Readers hold the read lock while they read documents, so a cycle file is never
 * deleted under them. Thread-safe.
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
 * skipped, at start and in a read. A damaged cycle (a truncated file) is read up to the damage
 * and the pass continues with the next cycle; when the damaged cycle is the newest, new documents
 * go to the next cycle, because Chronicle would append behind the damage where no reader could
 * reach them.
 */
final class ChronicleMessageStore implements MessageStore {
    static {
        ChronicleProperties.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);

    private final ChronicleStoreConfig config;
    private final Retention retention;
    private final Clock clock;
    private final QueueDirectory directory;
    private final ClockTimeProvider time;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final QueueReaders readers;
    private final ExecutorService writer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();

    // Guarded by lock.
    private final Map<StreamKey, StreamIndex> streams = new HashMap<>();
    private final Map<IdempotencyKey, Keyed> byKey = new HashMap<>();
    private final ArrayDeque<Keyed> keyed = new ArrayDeque<>();
    private final Map<RoomId, Map<String, State>> states = new HashMap<>();
    private Cursor head = Cursor.ORIGIN;
    private int headCycle = -1;
    /** Before the oldest document on disk at start: what deleted files held is unknown, so a gap. */
    private Cursor lostThrough = Cursor.ORIGIN;
    private volatile boolean closed;

    /** Only the writer thread touches this. */
    private ExcerptAppender appender;

    /** A remembered idempotency key: the document of the first message stored under it. */
    private record Keyed(IdempotencyKey key, long queueIndex, long seq, long createdAt) {
    }

    /** The newest version of one state key; {@code queueIndex} -1 once aged out (only its version is kept). */
    private record State(long queueIndex, long seq, long millis, long version, Category category) {
        boolean expired() {
            return queueIndex < 0;
        }
    }

    private ChronicleMessageStore(ChronicleStoreConfig config, Clock clock, QueueDirectory directory,
                                  ClockTimeProvider time, SingleChronicleQueue queue) {
        this.config = config;
        this.retention = config.retention();
        this.clock = clock;
        this.directory = directory;
        this.time = time;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.readers = new QueueReaders(queue);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "roomcast-chronicle-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or creates) the queue under {@code config.queueDir()} and rebuilds the index from it. */
    static ChronicleMessageStore open(ChronicleStoreConfig config, Clock clock) {
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
            ChronicleMessageStore store = new ChronicleMessageStore(config, clock, directory, time, queue);
            store.rebuild();
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

    // ---------------------------------------------------------------------------------------------
    // Start-up
    // ---------------------------------------------------------------------------------------------

    /** One pass over the queue: headers only, bad documents skipped, damaged cycles stepped over. */
    private void rebuild() {
        long started = System.nanoTime();
        long documents = 0;
        long skipped = 0;
        long lastRead = -1;
        int lastCycle = queue.lastCycle();
        boolean damagedTail = false;
        int movedTo = Integer.MIN_VALUE;
        lock.writeLock().lock();
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
                documents++;
                if (!indexDocument(reader, queueIndex, length)) {
                    skipped++;
                }
            }
            if (lastCycle >= 0 && lastRead >= 0 && rollCycle.toCycle(lastRead) != lastCycle) {
                damagedTail = true; // the newest cycle file has nothing readable
            }
            if (lastCycle >= 0 && lastCycle != Integer.MAX_VALUE) {
                // Never write to a cycle before one on disk; never append behind damage.
                time.raiseTo(directory.startMillis(damagedTail ? lastCycle + 1 : lastCycle));
                if (damagedTail) {
                    LOG.warn("chronicle: the newest cycle file {} is damaged; new messages go to the next cycle",
                            directory.fileOf(lastCycle));
                }
            }
            sweep(clock.millis());
        } finally {
            lock.writeLock().unlock();
        }
        LOG.info("chronicle: indexed {} messages in {} streams from {} in {} ms ({} unreadable documents skipped)",
                documents - skipped, streams.size(), directory.path(), (System.nanoTime() - started) / 1_000_000, skipped);
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

    /** Indexes one document read at start; false (and a warning) when it is unreadable or out of order. */
    private boolean indexDocument(QueueReaders.Reader reader, long queueIndex, int length) {
        StoredDocument.Header h;
        StreamKey key;
        IdempotencyKey idempotencyKey;
        try {
            if (length < 0) {
                throw new RoomcastException(ErrorCode.INTERNAL, "unreadable queue document: implausibly large");
            }
            h = StoredDocument.parse(reader.buffer(), length);
            key = switch (h.scope()) {
                case ROOM -> new StreamKey(RoomId.of(h.target()), h.category(), null);
                case UNICAST -> new StreamKey(null, null, UserId.of(h.target()));
                case BROADCAST -> StreamKey.BROADCAST;
            };
            idempotencyKey = h.idempotencyKey() == null ? null : IdempotencyKey.of(h.idempotencyKey());
        } catch (RoomcastException e) {
            warnSkipped(queueIndex, e.getMessage());
            return false;
        }
        if (h.seq() <= head.seq()) {
            warnSkipped(queueIndex, "position seq " + h.seq() + " does not follow " + head.seq());
            return false;
        }
        if (head.equals(Cursor.ORIGIN) && h.seq() > 1) {
            lostThrough = new Cursor(h.millis(), h.seq() - 1);
        }
        StreamIndex stream = streams.computeIfAbsent(key, k -> new StreamIndex());
        stream.add(queueIndex, h.seq(), h.millis(), h.category());
        while (stream.size() > retention.maxPerStream()) {
            stream.removeOldest();
        }
        if (idempotencyKey != null) {
            remember(new Keyed(idempotencyKey, queueIndex, h.seq(), h.createdAt()));
        }
        if (h.stateKey() != null && key.room() != null) {
            mergeState(key.room(), h.stateKey(), new State(queueIndex, h.seq(), h.millis(), h.version(), h.category()));
        }
        head = new Cursor(h.millis(), h.seq());
        headCycle = rollCycle.toCycle(queueIndex);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Writes
    // ---------------------------------------------------------------------------------------------

    @Override
    public AppendResult append(Message message) {
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        checkOpen();
        Future<AppendResult> result;
        try {
            result = writer.submit(() -> write(message));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("store is closed", e);
        }
        long timeout = config.appendTimeout().toMillis();
        try {
            return result.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not started: cancelled, it never will be. Already running: a document cannot be half
            // cancelled, so wait for it and answer the truth (a 503 for a stored message would
            // leave it stored but never handed to the push path).
            if (result.cancel(false)) {
                throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                        "chronicle: the writer did not store message " + message.id() + " within " + timeout + " ms", e);
            }
            return finish(result, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(false);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                    "chronicle: interrupted while storing message " + message.id(), e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The writer thread's append: position, document, index, retention, all under the write lock. */
    private AppendResult write(Message message) {
        lock.writeLock().lock();
        try {
            checkOpen();
            long now = clock.millis();
            expireKeys(now);
            if (message.idempotencyKey() != null) {
                Keyed first = byKey.get(message.idempotencyKey());
                Message found = first == null ? null : readOne(first.queueIndex(), first.seq());
                if (found != null) {
                    return new AppendResult(found, true);
                }
            }
            Cursor position = new Cursor(Math.max(head.millis(), message.createdAt()), head.seq() + 1);
            Message stored = message.storedAt(position);
            long queueIndex = writeDocument(StoredDocument.encode(stored));
            head = position;
            StreamIndex stream = streams.computeIfAbsent(StreamKey.of(stored), k -> new StreamIndex());
            stream.add(queueIndex, position.seq(), position.millis(), stored.category());
            trim(stream, now);
            if (stored.idempotencyKey() != null) {
                remember(new Keyed(stored.idempotencyKey(), queueIndex, position.seq(), stored.createdAt()));
            }
            if (stored.isState() && stored.roomId() != null) {
                mergeState(stored.roomId(), stored.stateKey().value(),
                        new State(queueIndex, position.seq(), position.millis(), stored.version(), stored.category()));
            }
            int cycle = rollCycle.toCycle(queueIndex);
            boolean rolled = headCycle >= 0 && cycle != headCycle;
            headCycle = cycle;
            if (rolled) {
                sweep(now);
            }
            return new AppendResult(stored, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Appends one complete document; its queue index once it is in the mapped file. */
    private long writeDocument(byte[] document) {
        try {
            if (appender == null) {
                appender = queue.createAppender();
            }
            try (DocumentContext dc = appender.writingDocument()) {
                try {
                    dc.wire().bytes().write(document);
                } catch (RuntimeException e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            return appender.lastIndexAppended();
        } catch (RuntimeException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                    "chronicle: cannot append to " + directory.path() + ": " + e, e);
        }
    }

    private void trim(StreamIndex stream, long now) {
        while (!stream.isEmpty()) {
            boolean tooMany = stream.size() > retention.maxPerStream();
            boolean tooOld = now - stream.millis(0) > retention.maxAgeMillis(stream.category(0));
            if (!tooMany && !tooOld) {
                break;
            }
            stream.removeOldest();
        }
    }

    private void remember(Keyed entry) {
        byKey.put(entry.key(), entry);
        keyed.addLast(entry);
    }

    private void expireKeys(long now) {
        long keep = retention.longestAgeMillis();
        while (!keyed.isEmpty() && now - keyed.peekFirst().createdAt() > keep) {
            Keyed old = keyed.removeFirst();
            byKey.remove(old.key(), old);
        }
    }

    private void mergeState(RoomId room, String stateKey, State state) {
        states.computeIfAbsent(room, r -> new LinkedHashMap<>())
                .merge(stateKey, state, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    /**
     * Ages everything (every stream, not only the written one), then deletes the cycle files before
     * the oldest one anything still refers to. Runs at start and when the queue rolls.
     */
    private void sweep(long now) {
        for (StreamIndex stream : streams.values()) {
            trim(stream, now);
        }
        forgetEnded(now);
        int keepFrom = headCycle;
        for (StreamIndex stream : streams.values()) {
            if (!stream.isEmpty()) {
                keepFrom = Math.min(keepFrom, rollCycle.toCycle(stream.queueIndex(0)));
            }
        }
        for (Map<String, State> room : states.values()) {
            for (Map.Entry<String, State> e : room.entrySet()) {
                State s = e.getValue();
                if (!s.expired() && now - s.millis() > retention.maxAgeMillis(s.category())) {
                    e.setValue(new State(-1, s.seq(), s.millis(), s.version(), s.category()));
                } else if (!s.expired()) {
                    keepFrom = Math.min(keepFrom, rollCycle.toCycle(s.queueIndex()));
                }
            }
        }
        expireKeys(now);
        if (!keyed.isEmpty()) {
            keepFrom = Math.min(keepFrom, rollCycle.toCycle(keyed.peekFirst().queueIndex()));
        }
        if (keepFrom < 0) {
            return; // nothing indexed: nothing known to be safe to delete
        }
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

    /**
     * Forgets what ended rooms left in the heap: streams that age emptied (count retention never
     * empties one), and the state versions of rooms with no stream left once every state aged out.
     * A cursor older than a forgotten stream's trimmed messages then gets no gap flag for it: those
     * messages were over their age limit, so a viewer would not have been given them anyway. The
     * versions go as a restart forgets them: a room id used again starts afresh.
     */
    private void forgetEnded(long now) {
        Set<RoomId> roomsWithStreams = new HashSet<>();
        Iterator<Map.Entry<StreamKey, StreamIndex>> it = streams.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<StreamKey, StreamIndex> e = it.next();
            if (e.getValue().isEmpty()) {
                it.remove();
            } else if (e.getKey().room() != null) {
                roomsWithStreams.add(e.getKey().room());
            }
        }
        states.entrySet().removeIf(room -> !roomsWithStreams.contains(room.getKey())
                && room.getValue().values().stream().allMatch(s -> s.expired()
                        || now - s.millis() > retention.maxAgeMillis(s.category())));
    }

    /** Streams the heap index holds (for tests). */
    int indexedStreams() {
        return underReadLock(streams::size);
    }

    /** Rooms with state versions the heap index holds (for tests). */
    int roomsWithStates() {
        return underReadLock(states::size);
    }

    private int underReadLock(IntSupplier read) {
        lock.readLock().lock();
        try {
            return read.getAsInt();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------

    @Override
    public Optional<Message> findByIdempotencyKey(IdempotencyKey key) {
        lock.readLock().lock();
        try {
            checkOpen();
            Keyed found = byKey.get(key);
            if (found == null || clock.millis() - found.createdAt() > retention.longestAgeMillis()) {
                return Optional.empty();
            }
            return Optional.ofNullable(readOne(found.queueIndex(), found.seq()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        checkMax(max);
        lock.readLock().lock();
        try {
            checkOpen();
            QueueReaders.Reader reader = readers.borrow();
            try {
                List<FeedMerge.StreamRead> reads = new ArrayList<>();
                for (StreamKey key : StreamKey.of(feed)) {
                    StreamIndex stream = streams.get(key);
                    if (stream == null) {
                        continue;
                    }
                    int from = stream.firstAfter(after);
                    int to = Math.min(stream.size(), from + max);
                    List<Message> found = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        Message m = read(reader, stream.queueIndex(i), stream.seq(i));
                        if (m != null) {
                            found.add(m);
                        }
                    }
                    boolean truncated = stream.size() - from > max;
                    boolean gap = !after.equals(Cursor.ORIGIN)
                            && (stream.trimmedThrough().isAfter(after) || lostThrough.isAfter(after));
                    reads.add(new FeedMerge.StreamRead(found, truncated, gap));
                }
                return FeedMerge.since(reads, after, max);
            } finally {
                readers.giveBack(reader);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        checkMax(max);
        lock.readLock().lock();
        try {
            checkOpen();
            // Choose the newest max entries over all the feed's streams first, then decode only those.
            List<long[]> newest = new ArrayList<>();
            for (StreamKey key : StreamKey.of(feed)) {
                StreamIndex stream = streams.get(key);
                if (stream == null) {
                    continue;
                }
                for (int i = Math.max(0, stream.size() - max); i < stream.size(); i++) {
                    newest.add(new long[] {stream.seq(i), stream.queueIndex(i)});
                }
            }
            newest.sort(Comparator.comparingLong(e -> e[0]));
            List<long[]> chosen = newest.subList(Math.max(0, newest.size() - max), newest.size());
            List<Message> messages = new ArrayList<>(chosen.size());
            QueueReaders.Reader reader = readers.borrow();
            try {
                for (long[] entry : chosen) {
                    Message m = read(reader, entry[1], entry[0]);
                    if (m != null) {
                        messages.add(m);
                    }
                }
            } finally {
                readers.giveBack(reader);
            }
            return FeedMerge.latest(List.of(new FeedMerge.StreamRead(messages, false, false)), max);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Message> latestStates(RoomId room) {
        lock.readLock().lock();
        try {
            checkOpen();
            long now = clock.millis();
            List<State> current = new ArrayList<>();
            for (State s : states.getOrDefault(room, Map.of()).values()) {
                if (!s.expired() && now - s.millis() <= retention.maxAgeMillis(s.category())) {
                    current.add(s);
                }
            }
            current.sort(Comparator.comparingLong(State::seq));
            List<Message> messages = new ArrayList<>(current.size());
            QueueReaders.Reader reader = readers.borrow();
            try {
                for (State s : current) {
                    Message m = read(reader, s.queueIndex(), s.seq());
                    if (m != null) {
                        messages.add(m);
                    }
                }
            } finally {
                readers.giveBack(reader);
            }
            return messages;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Cursor head() {
        lock.readLock().lock();
        try {
            return head;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static AppendResult finish(Future<AppendResult> running, Message message) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE,
                    "chronicle: interrupted while storing message " + message.id(), e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** One document by index, or null (and a warning) when it is missing or unreadable. */
    private Message readOne(long queueIndex, long seq) {
        QueueReaders.Reader reader = readers.borrow();
        try {
            return read(reader, queueIndex, seq);
        } finally {
            readers.giveBack(reader);
        }
    }

    private Message read(QueueReaders.Reader reader, long queueIndex, long seq) {
        try {
            int length = reader.read(queueIndex);
            if (length < 0) {
                warnSkipped(queueIndex, "no complete document at this index");
                return null;
            }
            StoredDocument.Header header = StoredDocument.parse(reader.buffer(), length);
            if (header.seq() != seq) {
                warnSkipped(queueIndex, "holds seq " + header.seq() + " where the index expects " + seq);
                return null;
            }
            return StoredDocument.decode(reader.buffer(), header);
        } catch (RuntimeException e) {
            // A read never fails a poll: the message is skipped and reported once.
            warnSkipped(queueIndex, e.getMessage());
            return null;
        }
    }

    private void warnSkipped(long queueIndex, String problem) {
        if (reported.add(queueIndex)) {
            LOG.warn("chronicle: skipping the document at queue index {} in {}: {}", Long.toHexString(queueIndex),
                    directory.path(), problem);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Life cycle
    // ---------------------------------------------------------------------------------------------

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        try {
            writer.submit(() -> {
                if (appender != null) {
                    appender.close();
                }
            });
            writer.shutdown();
            if (!writer.awaitTermination(config.appendTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                LOG.warn("chronicle: the writer thread did not stop; closing the queue anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readers.close();
            queue.close();
            directory.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private static void checkMax(int max) {
        if (max < 1) {
            throw RoomcastException.invalid("max", "must be at least 1, got " + max);
        }
    }

    /** The writer thread's failure, thrown again in the caller's thread with both stack traces. */
    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RoomcastException e) {
            return new RoomcastException(e.code(), e.getMessage(), e);
        }
        if (cause instanceof IllegalStateException e) {
            return new IllegalStateException(e.getMessage(), e);
        }
        if (cause instanceof IllegalArgumentException e) {
            return new IllegalArgumentException(e.getMessage(), e);
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new RoomcastException(ErrorCode.INTERNAL, "chronicle: append failed: " + cause, cause);
    }
}
