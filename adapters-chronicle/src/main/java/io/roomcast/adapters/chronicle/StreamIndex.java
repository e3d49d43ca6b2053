package io.roomcast.adapters.chronicle;

import io.roomcast.application.store.IndexedStream;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;

/**
 * The retained messages of one stream (one category of a room, one user, the broadcasts) as a ring
 * of 24-byte entries in position order: the Chronicle queue index of the document, the position
 * seq (with the category's ordinal in its top bits), and the position millis. No message bodies:
 * a read decodes the few documents it returns from the queue.
 *
 * <p>{@link #trimmedThrough()} is the newest position retention removed, for gap reporting. The
 * category is kept per entry because user and broadcast streams mix categories, and age
 * retention is per category. The seq of a store is a counter that grows by one per append, so its
 * top bits are free (2^60 appends is 36,000 years at a million a second).
 *
 * <p>Not thread-safe: the store's {@code MessageIndex} guards every instance with its lock.
 */
final class StreamIndex implements IndexedStream<DocumentRef> {
    private static final int STRIDE = 3;
    private static final int CATEGORY_SHIFT = 60;
    private static final long SEQ_MASK = (1L << CATEGORY_SHIFT) - 1;
    private static final long[] EMPTY = new long[0];

    private long[] ring = EMPTY;
    private int first;
    private int size;
    private long trimmedSeq;
    private long trimmedMillis;

    @Override
    public void add(DocumentRef ref, Position position, Category category) {
        add(ref.queueIndex(), position.seq(), position.millis(), category);
    }

    /** Appends an entry; positions must increase. */
    void add(long queueIndex, long seq, long millis, Category category) {
        if (seq <= 0 || seq > SEQ_MASK) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        if (size > 0 && seq <= seq(size - 1)) {
            throw new IllegalArgumentException("seq " + seq + " after " + seq(size - 1));
        }
        if (size * STRIDE == ring.length) {
            grow();
        }
        int at = slot(size);
        ring[at] = queueIndex;
        ring[at + 1] = seq | ((long) category.ordinal() << CATEGORY_SHIFT);
        ring[at + 2] = millis;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    /** The queue index of the {@code i}-th retained entry, 0 being the oldest. */
    long queueIndex(int i) {
        return ring[slot(i)];
    }

    @Override
    public DocumentRef ref(int i) {
        return new DocumentRef(queueIndex(i), seq(i));
    }

    @Override
    public long seq(int i) {
        return ring[slot(i) + 1] & SEQ_MASK;
    }

    @Override
    public long millis(int i) {
        return ring[slot(i) + 2];
    }

    @Override
    public Category category(int i) {
        return Category.values()[(int) (ring[slot(i) + 1] >>> CATEGORY_SHIFT)];
    }

    @Override
    public void removeOldest() {
        if (size == 0) {
            throw new IllegalStateException("empty stream");
        }
        trimmedSeq = seq(0);
        trimmedMillis = millis(0);
        first = (first + 1) % capacity();
        size--;
        if (size == 0) {
            // An idle stream keeps only its trimmed position, not its largest ring.
            ring = EMPTY;
            first = 0;
        }
    }

    @Override
    public Position trimmedThrough() {
        return trimmedSeq == 0 ? Position.NONE : new Position(trimmedMillis, trimmedSeq);
    }

    /** Raises the trimmed position to at least {@code through} (messages lost with deleted files). */
    void trimmedAtLeast(Position through) {
        if (through.isAfter(trimmedThrough())) {
            trimmedSeq = through.seq();
            trimmedMillis = through.millis();
        }
    }

    private int capacity() {
        return ring.length / STRIDE;
    }

    private int slot(int i) {
        return ((first + i) % capacity()) * STRIDE;
    }

    private void grow() {
        int capacity = Math.max(4, capacity() * 2);
        long[] bigger = new long[capacity * STRIDE];
        for (int i = 0; i < size; i++) {
            System.arraycopy(ring, slot(i), bigger, i * STRIDE, STRIDE);
        }
        ring = bigger;
        first = 0;
    }
}
