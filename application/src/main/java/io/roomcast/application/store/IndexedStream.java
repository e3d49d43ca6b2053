package io.roomcast.application.store;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;

/**
 * The retained entries of one stream (of one family) in sequence order, oldest first, in a layout of the store's
 * choosing; {@code R} is how the store finds a message again (the message itself, a queue index).
 *
 * <p>Invariants: positions strictly increase; {@link #trimmedThrough()} is the newest position
 * {@link #removeOldest()} removed, {@link Position#NONE} if none. Not thread-safe: a
 * {@link MessageIndex} guards every instance with its lock.
 */
public interface IndexedStream<R> {

    /** Appends an entry positioned after every other one. */
    void add(R ref, Position position, Category category);

    int size();

    /** The position seq of the {@code i}-th entry, 0 being the oldest. */
    long seq(int i);

    long millis(int i);

    Category category(int i);

    R ref(int i);

    /** Removes the oldest entry and remembers its position as trimmed. */
    void removeOldest();

    /** The newest position retention removed from this stream, {@link Position#NONE} if none. */
    Position trimmedThrough();

    default boolean isEmpty() {
        return size() == 0;
    }

    default Position position(int i) {
        return new Position(millis(i), seq(i));
    }

    /** The index of the first entry with a sequence number after {@code afterSeq}; {@link #size()} if none. */
    default int firstAfter(long afterSeq) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (seq(mid) > afterSeq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The index of the first entry positioned at {@code millis} or after; {@link #size()} if none. */
    default int firstFrom(long millis) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (millis(mid) >= millis) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
