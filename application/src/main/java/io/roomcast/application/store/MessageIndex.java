package io.roomcast.application.store;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The heap bookkeeping of a store that keeps its index in this JVM: positions, one
 * {@link IndexedStream} per {@link StreamKey}, retention, idempotency keys and state versions, and
 * the {@code MessageStore} reads over them. The messages themselves are wherever
 * {@link StoredMessages} keeps them; {@code S} is the store's layout of a stream, {@code R} its ref.
 *
 * <p>Positions are per family: one sequence per room, one for the platform (broadcasts and unicast),
 * each with an epoch derived from the store's id ({@link FamilyHeads}), so a store started afresh (a
 * new id) has new epochs and every older cursor resets.
 *
 * <p>Invariants: each append gets a position whose seq is one more than its family's head's and
 * whose millis never go back in that family; retention (count per stream, age per category) is applied to a stream on
 * every write to it, and to all of them by {@link #sweep}; a read reports a gap when retention (or
 * a loss before {@link #restore}d entries) removed messages after its cursor.
 *
 * <p>Thread-safe: appends take a write lock and reads a read lock, so a position becomes visible
 * only together with every earlier one, and a reader that continues from a cursor never skips a
 * message. Readers hold the read lock while they read messages, so {@link #exclusively} work (such
 * as deleting files) never runs under them.
 */
public final class MessageIndex<S extends IndexedStream<R>, R> {
    private final Retention retention;
    private final Clock clock;
    private final Supplier<S> newStream;
    private final StoredMessages<R> messages;
    private final StoreLock lock = new StoreLock();
    /** {@code retention}'s age per category, by ordinal: trimming runs on every append. */
    private final long[] maxAgeMillis;

    // Guarded by lock.
    private final Map<StreamKey, S> streams = new HashMap<>();
    private final IdempotencyKeys<R> keys;
    private final StateVersions<R> states;
    private final FamilyHeads heads;
    private final IndexReads<S, R> reads;

    /**
     * @param storeId the store's identity: the epochs of its sequences derive from it (a new id, new
     *                epochs: every cursor of another id is reset)
     */
    public MessageIndex(Retention retention, Clock clock, Supplier<S> newStream, StoredMessages<R> messages,
                        long storeId) {
        this.heads = new FamilyHeads(storeId);
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.newStream = Objects.requireNonNull(newStream, "newStream");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.keys = new IdempotencyKeys<>(retention.longestAgeMillis());
        this.maxAgeMillis = new long[Category.values().length];
        for (Category category : Category.values()) {
            maxAgeMillis[category.ordinal()] = retention.maxAgeMillis(category);
        }
        this.states = new StateVersions<>(retention);
        this.reads = new IndexReads<>(streams, heads, messages);
    }

    /** {@code MessageStore.append}: a duplicate whose first message is readable, or a new position. */
    public AppendResult.Stored append(Message message) {
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        return lock.write(() -> appendLocked(message, clock.millis()));
    }

    /**
     * {@link #append} of each message in order, under one hold of the write lock: readers see the
     * whole batch at once. A later message whose key an earlier one of the batch stored is its
     * duplicate. When storage fails part way, the messages before stay indexed and the failure is a
     * {@link PartialBatchException} carrying their results.
     */
    public List<AppendResult.Stored> appendAll(List<Message> batch) {
        MessageStore.requireUnstored(batch);
        return lock.write(() -> {
            long now = clock.millis();
            List<AppendResult.Stored> results = new ArrayList<>(batch.size());
            for (Message message : batch) {
                try {
                    results.add(appendLocked(message, now));
                } catch (RoomcastException e) {
                    throw new PartialBatchException(List.copyOf(results), e);
                }
            }
            return results;
        });
    }

    private AppendResult.Stored appendLocked(Message message, long now) {
        keys.expire(now);
        if (message.idempotencyKey() != null) {
            R first = keys.first(message.idempotencyKey());
            Message found = first == null ? null : reads.one(first);
            if (found != null) {
                return new AppendResult.Stored(found, true);
            }
        }
        StreamKey key = StreamKey.of(message);
        Message stored = message.storedAt(heads.next(key.room(), message.createdAt()));
        R ref = messages.write(stored);
        add(IndexEntry.of(ref, stored), now);
        messages.indexed(ref, now);
        return new AppendResult.Stored(stored, false);
    }

    /**
     * Indexes an entry found in storage at start, in storage order. False when its position does
     * not follow its family's head (the caller reports and skips it). The first entry's seq of each
     * family tells what was lost before it: a cursor from before it reads with a gap.
     */
    public boolean restore(IndexEntry<R> entry) {
        return lock.write(() -> {
            Position position = entry.position();
            RoomId room = entry.stream().room();
            Position head = heads.head(room);
            if (position.seq() <= head.seq()) {
                return false;
            }
            if (head.seq() == 0 && position.seq() > 1) {
                heads.lostBefore(room, position.seq());
            }
            add(entry, clock.millis());
            return true;
        });
    }

    private void add(IndexEntry<R> entry, long now) {
        S stream = streams.computeIfAbsent(entry.stream(), k -> newStream.get());
        stream.add(entry.ref(), entry.position(), entry.category());
        trim(stream, now);
        if (entry.idempotencyKey() != null) {
            keys.remember(entry.idempotencyKey(), entry.ref(), entry.createdAt());
        }
        if (entry.stateKey() != null && entry.stream().room() != null) {
            states.merge(entry.stream().room(), entry);
        }
        heads.advance(entry.stream().room(), entry.position());
    }

    private void trim(S stream, long now) {
        while (!stream.isEmpty()) {
            boolean tooMany = stream.size() > retention.maxPerStream();
            boolean tooOld = now - stream.millis(0) > maxAgeMillis[stream.category(0).ordinal()];
            if (!tooMany && !tooOld) {
                break;
            }
            stream.removeOldest();
        }
    }

    /**
     * Ages everything (every stream, not only written ones, every state version and key) and
     * forgets what ended rooms left: streams that age emptied (count retention never empties one)
     * and the versions of rooms with no stream left once every version aged out. A cursor older than
     * a forgotten stream's trimmed messages then gets no gap flag for it: they were over their age
     * limit, so a viewer would not have been given them anyway. A room id used again starts afresh.
     * Tells {@code stillReferenced} the oldest ref of each stream, each live state ref and the
     * oldest key's ref, so the store can tell what storage nothing refers to any more.
     */
    public void sweep(long now, Consumer<R> stillReferenced) {
        exclusively(() -> {
            Set<RoomId> roomsWithStreams = new HashSet<>();
            Iterator<Map.Entry<StreamKey, S>> it = streams.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<StreamKey, S> e = it.next();
                trim(e.getValue(), now);
                if (e.getValue().isEmpty()) {
                    it.remove();
                } else {
                    stillReferenced.accept(e.getValue().ref(0));
                    if (e.getKey().room() != null) {
                        roomsWithStreams.add(e.getKey().room());
                    }
                }
            }
            states.forgetAgedRoomsExcept(roomsWithStreams, now);
            states.age(now, stillReferenced);
            keys.expire(now);
            R oldestKey = keys.oldest();
            if (oldestKey != null) {
                stillReferenced.accept(oldestKey);
            }
        });
    }

    /** Runs {@code work} under the write lock: no read or append runs meanwhile. */
    public void exclusively(Runnable work) {
        lock.writeEvenIfClosed(() -> {
            work.run();
            return null;
        });
    }

    /** {@code MessageStore.findByIdempotencyKey}. */
    public Optional<Message> findByIdempotencyKey(IdempotencyKey key) {
        return lock.read(() -> {
            R found = keys.find(key, clock.millis());
            return Optional.ofNullable(found == null ? null : reads.one(found));
        });
    }

    /**
     * {@code MessageStore.readSince}: each stream from its first entry after its family's part of
     * {@code after}, merged. A part of another epoch reads its family from the oldest, with a gap.
     */
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        checkMax(max);
        return lock.read(() -> reads.since(feed, after, max));
    }

    /** {@code MessageStore.readLatest}: the newest {@code max} entries of the feed's streams are chosen first, then read. */
    public ReadResult readLatest(Feed feed, int max) {
        checkMax(max);
        return lock.read(() -> reads.latest(feed, max));
    }

    /**
     * {@code MessageStore.closeSlice}: both families' heads raised to {@code toMillis} under the write
     * lock (every append positions under it), then each guest stream's entries in the slice read.
     */
    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {
        checkMax(max);
        if (toMillis <= clock.millis() - retention.shortestAgeMillis()) {
            return SliceRead.GONE;
        }
        lock.write(() -> {
            heads.closeBefore(room, toMillis);
            heads.closeBefore(null, toMillis);
            return null;
        });
        return lock.read(() -> reads.slice(room, fromMillis, toMillis, max));
    }

    /** {@code MessageStore.latestStates}. */
    public List<Message> latestStates(RoomId room) {
        return lock.read(() -> reads.all(states.current(room, clock.millis())));
    }

    /** {@code MessageStore.head}: the heads of {@code room}'s sequence and the platform's, with their epochs. */
    public Cursor head(RoomId room) {
        return lock.readEvenIfClosed(() -> heads.cursor(room));
    }

    /** Streams the index holds (for tests). */
    public int streams() {
        return lock.readEvenIfClosed(streams::size);
    }

    /** Rooms with state versions the index holds (for tests). */
    public int roomsWithStates() {
        return lock.readEvenIfClosed(states::rooms);
    }

    private static void checkMax(int max) {
        if (max < 1) {
            throw RoomcastException.invalid("max", "must be at least 1, got " + max);
        }
    }

    /** Marks the index closed (every later call but {@link #head} fails); false if it already was. */
    public boolean close() {
        return lock.close();
    }

    /** Fails with {@link IllegalStateException} once closed. */
    public void checkOpen() {
        lock.checkOpen();
    }
}
