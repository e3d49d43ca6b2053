package io.roomcast.domain.message;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;

/**
 * Where a message is in its {@link Family}'s sequence: the epoch millisecond the store stamped, a
 * sequence number unique and increasing in the family (its room, or the platform), and the epoch of
 * that sequence (0 when unknown, as for a message decoded from the wire). Any number of messages may
 * share a millisecond; the sequence keeps the family's order total.
 *
 * <p>Stores guarantee that a later append of a family has a larger {@code seq} and a {@code millis}
 * no smaller than any earlier one of that family, so ordering by {@code seq} and by
 * {@code (millis, seq)} agree inside a family. Positions of different families do not compare.
 *
 * @param epoch the sequence's epoch: a new epoch (a store wiped, a Redis head lost) starts the
 *              sequence again, and cursors of the old one are reset
 */
public record Position(long millis, long seq, long epoch) implements Comparable<Position> {

    /** Before every position of a family. */
    public static final Position NONE = new Position(0, 0);

    public Position {
        if (millis < 0 || seq < 0 || epoch < 0) {
            throw new RoomcastException(ErrorCode.INVALID_CURSOR, "position parts must not be negative");
        }
    }

    /** A position whose epoch is not known (0). */
    public Position(long millis, long seq) {
        this(millis, seq, 0);
    }

    /** True when this position comes later in the family's sequence than {@code other}. */
    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    /** Sequence order, then millis; the epoch is not compared (positions of one epoch are). */
    @Override
    public int compareTo(Position other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : Long.compare(millis, other.millis);
    }

    /** This position in another epoch (the store's, stamped on a message read back). */
    public Position inEpoch(long newEpoch) {
        return newEpoch == epoch ? this : new Position(millis, seq, newEpoch);
    }

    /** The part of a viewer's cursor that stands right after this position. */
    public Cursor.Part part() {
        return new Cursor.Part(epoch, seq);
    }

    /**
     * Where the message is, as a publish answers it: {@code "<epoch36>-<seq>"}, e.g.
     * {@code "k2f9q1-42"}. Not a cursor to resume from: it names one family only.
     */
    public String encode() {
        return part().encode();
    }

    @Override
    public String toString() {
        return millis + "@" + encode();
    }
}
