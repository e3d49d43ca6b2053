package io.roomcast.application.memory;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store kept in this JVM's heap: for tests, for {@code --store=memory}, and as the reference
 * the other stores are held to by {@code MessageStoreContract}. Nothing survives a restart.
 *
 * <p>Thread-safe: appends take a write lock, so a position becomes visible only together with
 * every earlier one, and a reader that continues from a cursor can never skip a message.
 */
public final class InMemoryMessageStore implements MessageStore {
    private final Retention retention;
    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<StreamKey, Stream> streams = new HashMap<>();
    private final Map<IdempotencyKey, Message> byKey = new HashMap<>();
    private final ArrayDeque<Message> keyed = new ArrayDeque<>();
    private final Map<RoomId, Map<String, Message>> states = new HashMap<>();
    private Cursor head = Cursor.ORIGIN;
    private boolean closed;

    public InMemoryMessageStore(Retention retention, Clock clock) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One stream: messages in position order and the newest position retention removed. */
    private static final class Stream {
        final ArrayDeque<Message> messages = new ArrayDeque<>();
        Cursor trimmedThrough = Cursor.ORIGIN;
    }

    @Override
    public AppendResult append(Message message) {
        if (message.isStored()) {
            throw new IllegalArgumentException("message " + message.id() + " is already stored");
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            long now = clock.millis();
            expireKeys(now);
            if (message.idempotencyKey() != null) {
                Message first = byKey.get(message.idempotencyKey());
                if (first != null) {
                    return new AppendResult(first, true);
                }
            }
            head = new Cursor(Math.max(head.millis(), message.createdAt()), head.seq() + 1);
            Message stored = message.storedAt(head);
            Stream stream = streams.computeIfAbsent(StreamKey.of(stored), k -> new Stream());
            stream.messages.addLast(stored);
            trim(stream, now);
            if (stored.idempotencyKey() != null) {
                byKey.put(stored.idempotencyKey(), stored);
                keyed.addLast(stored);
            }
            if (stored.isState() && stored.roomId() != null) {
                states.computeIfAbsent(stored.roomId(), r -> new LinkedHashMap<>())
                        .merge(stored.stateKey().value(), stored, (old, neu) -> neu.version() >= old.version() ? neu : old);
            }
            return new AppendResult(stored, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void trim(Stream stream, long now) {
        Iterator<Message> it = stream.messages.iterator();
        while (it.hasNext()) {
            Message oldest = it.next();
            boolean tooMany = stream.messages.size() > retention.maxPerStream();
            boolean tooOld = now - oldest.createdAt() > retention.maxAgeMillis(oldest.category());
            if (!tooMany && !tooOld) {
                break;
            }
            stream.trimmedThrough = oldest.position();
            it.remove();
        }
    }

    private void expireKeys(long now) {
        long keep = retention.longestAgeMillis();
        while (!keyed.isEmpty() && now - keyed.peekFirst().createdAt() > keep) {
            byKey.remove(keyed.removeFirst().idempotencyKey());
        }
    }

    @Override
    public Optional<Message> findByIdempotencyKey(IdempotencyKey key) {
        lock.readLock().lock();
        try {
            checkOpen();
            Message found = byKey.get(key);
            return found != null && clock.millis() - found.createdAt() <= retention.longestAgeMillis()
                    ? Optional.of(found) : Optional.empty();
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
            List<FeedMerge.StreamRead> reads = new ArrayList<>();
            for (StreamKey key : StreamKey.of(feed)) {
                Stream stream = streams.get(key);
                if (stream == null) {
                    continue;
                }
                List<Message> found = new ArrayList<>();
                boolean truncated = false;
                Iterator<Message> it = stream.messages.descendingIterator();
                // Streams are short and recent reads are the common case: walk back from the newest.
                ArrayDeque<Message> newer = new ArrayDeque<>();
                while (it.hasNext()) {
                    Message m = it.next();
                    if (!m.position().isAfter(after)) {
                        break;
                    }
                    newer.addFirst(m);
                }
                for (Message m : newer) {
                    if (found.size() == max) {
                        truncated = true;
                        break;
                    }
                    found.add(m);
                }
                boolean gap = !after.equals(Cursor.ORIGIN) && stream.trimmedThrough.isAfter(after);
                reads.add(new FeedMerge.StreamRead(found, truncated, gap));
            }
            return FeedMerge.since(reads, after, max);
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
            List<FeedMerge.StreamRead> reads = new ArrayList<>();
            for (StreamKey key : StreamKey.of(feed)) {
                Stream stream = streams.get(key);
                if (stream == null) {
                    continue;
                }
                ArrayDeque<Message> newest = new ArrayDeque<>();
                Iterator<Message> it = stream.messages.descendingIterator();
                while (it.hasNext() && newest.size() < max) {
                    newest.addFirst(it.next());
                }
                reads.add(new FeedMerge.StreamRead(new ArrayList<>(newest), false, false));
            }
            return FeedMerge.latest(reads, max);
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
            return states.getOrDefault(room, Map.of()).values().stream()
                    .filter(m -> now - m.createdAt() <= retention.maxAgeMillis(m.category()))
                    .sorted(Comparator.comparing(Message::position))
                    .toList();
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

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
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
}
