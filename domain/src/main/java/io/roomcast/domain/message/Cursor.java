package io.roomcast.domain.message;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;

/**
 * A position in the message log: the epoch millisecond the store stamped and a sequence number
 * the store assigns at append, unique and increasing across the whole store. Any number of
 * messages may share a millisecond; the sequence keeps the order total.
 *
 * <p>Stores guarantee that a later append has a larger {@code seq} and a {@code millis} no
 * smaller than any earlier one, so ordering by {@code seq} and by {@code (millis, seq)} agree.
 *
 * <p>On the wire a cursor is opaque text, {@code "<millis>-<seq>"}, e.g. {@code "1764288000123-42"};
 * {@code "0"} means "before the oldest retained message".
 */
public record Cursor(long millis, long seq) implements Comparable<Cursor> {
    /** Before every message. */
    public static final Cursor ORIGIN = new Cursor(0, 0);

    private static final int MAX_TEXT = 40;

    public Cursor {
        if (millis < 0 || seq < 0) {
            throw new RoomcastException(ErrorCode.INVALID_CURSOR, "cursor parts must not be negative");
        }
    }

    public boolean isAfter(Cursor other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Cursor other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : Long.compare(millis, other.millis);
    }

    /** The later of two cursors. */
    public static Cursor max(Cursor a, Cursor b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The wire form, {@code "<millis>-<seq>"}, or {@code "0"} for {@link #ORIGIN}. */
    public String encode() {
        return equals(ORIGIN) ? "0" : millis + "-" + seq;
    }

    /** Parses the wire form; anything else is an {@link ErrorCode#INVALID_CURSOR} error. */
    public static Cursor parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            throw malformed(text);
        }
        if (text.equals("0")) {
            return ORIGIN;
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || text.indexOf('-', dash + 1) >= 0) {
            throw malformed(text);
        }
        return new Cursor(parsePart(text, 0, dash), parsePart(text, dash + 1, text.length()));
    }

    private static long parsePart(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            // Exact overflow check, so every cursor up to Long.MAX_VALUE parses back from its encoding.
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw malformed(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static RoomcastException malformed(String text) {
        String shown = text == null ? "null" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
        return new RoomcastException(ErrorCode.INVALID_CURSOR,
                "cursor: malformed '" + shown + "', expected an opaque cursor from an earlier answer or \"0\"");
    }

    @Override
    public String toString() {
        return encode();
    }
}
