package io.roomcast.domain.message;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A viewer's resume point: one {@link Part} per {@link Family}, each the sequence number through
 * which the viewer has been given (or told of) every message of that family in its feed, and the
 * epoch of that sequence. Each family is a total order; a viewer's stream is a linearisation of its
 * room's sequence and the platform's, and resuming by cursor is exact in both.
 *
 * <p>Wire form (opaque to clients): {@code "0"} for {@link #ORIGIN}, otherwise
 * {@code <room part> "." <platform part>}, a part being {@code <epoch in base 36> "-" <seq>}, e.g.
 * {@code "k2f9q1-42.b7x3m0-7"}. A cursor of the old single-sequence form ({@code "<millis>-<seq>"})
 * parses as {@link #LEGACY}, which every reader answers afresh with a reset.
 */
public record Cursor(Part room, Part platform) {
    /** Before every message of both families. */
    public static final Cursor ORIGIN = new Cursor(Part.ORIGIN, Part.ORIGIN);
    /** A cursor in the form used before positions were per family: readers answer it with a reset. */
    public static final Cursor LEGACY = new Cursor(Part.LEGACY, Part.LEGACY);

    private static final int MAX_TEXT = 64;
    /** Epochs are 31-bit: at most 6 base-36 digits. */
    public static final long MAX_EPOCH = Integer.MAX_VALUE;

    /**
     * Where a viewer is in one family: every message with a sequence number up to {@code seq} in
     * epoch {@code epoch} is behind it. Epoch 0: the family had no sequence yet, which matches any.
     */
    public record Part(long epoch, long seq) {
        public static final Part ORIGIN = new Part(0, 0);
        static final Part LEGACY = new Part(-1, 0);

        public Part {
            if (seq < 0 || epoch < -1 || epoch > MAX_EPOCH || (epoch == -1 && seq != 0)) {
                throw new RoomcastException(ErrorCode.INVALID_CURSOR, "cursor part " + epoch + "-" + seq + " out of range");
            }
        }

        /** Whether this part and {@code other} belong to the same sequence (an epoch 0 matches any). */
        public boolean sameEpoch(long otherEpoch) {
            return epoch != -1 && (epoch == 0 || otherEpoch == 0 || epoch == otherEpoch);
        }

        /** Whether the message at {@code p} is behind this part (given, or told of, already). */
        public boolean covers(Position p) {
            return p.seq() <= seq && sameEpoch(p.epoch());
        }

        /** Whether everything behind {@code other} is behind this part too. */
        public boolean covers(Part other) {
            return other.seq == 0 || (other.seq <= seq && sameEpoch(other.epoch));
        }

        /** The later of this part and the position {@code p} of a message that came after it. */
        public Part advance(Position p) {
            if (epoch > 0 && p.epoch() > 0 && p.epoch() != epoch) {
                // A new epoch (the sequence started again): messages of it come after the old one's.
                return p.part();
            }
            long e = epoch > 0 ? epoch : p.epoch();
            return new Part(e, Math.max(seq, p.seq()));
        }

        /**
         * The later of this part and {@code other}: the larger sequence number of one epoch; a part
         * with nothing behind it gives way to the other; of two epochs, this part's.
         */
        public Part atLeast(Part other) {
            if (other.seq == 0 && other.epoch <= 0) {
                return this;
            }
            if (seq == 0 && epoch <= 0) {
                return other;
            }
            if (!sameEpoch(other.epoch)) {
                return this;
            }
            return other.seq > seq ? new Part(Math.max(epoch, other.epoch), other.seq) : new Part(Math.max(epoch, other.epoch), seq);
        }

        /** {@code "<epoch36>-<seq>"}. */
        public String encode() {
            return Long.toString(Math.max(0, epoch), 36) + "-" + seq;
        }
    }

    public Cursor {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(platform, "platform");
    }

    public Part part(Family family) {
        return family == Family.ROOM ? room : platform;
    }

    public Cursor with(Family family, Part part) {
        return family == Family.ROOM ? new Cursor(part, platform) : new Cursor(room, part);
    }

    /** A cursor of the old form, which readers answer with a reset. */
    public boolean isLegacy() {
        return room.epoch() == -1;
    }

    /** Whether {@code m} is behind this cursor (given, or told of, already). */
    public boolean covers(Message m) {
        return part(m.family()).covers(m.position());
    }

    /** Whether everything behind {@code other} is behind this cursor too. */
    public boolean covers(Cursor other) {
        return room.covers(other.room) && platform.covers(other.platform);
    }

    /** Per family, the later of this cursor and {@code other} (this one's where their epochs differ). */
    public Cursor atLeast(Cursor other) {
        Part r = room.atLeast(other.room);
        Part p = platform.atLeast(other.platform);
        return r == room && p == platform ? this : new Cursor(r, p);
    }

    /** This cursor moved past {@code m} (a stored message), in its family; never back. */
    public Cursor advance(Message m) {
        Family family = m.family();
        return with(family, part(family).advance(m.position()));
    }

    /**
     * The cursor after the first {@code consumed} of {@code window} (stored messages in
     * {@link Message#ORDER}, or in order per family), where {@code through} is the cursor after all
     * of them: a family with messages left after the cut stands right before the first of them, the
     * others at {@code through}. So the cursor never passes a message that was not consumed.
     */
    public static Cursor afterPrefix(List<Message> window, int consumed, Cursor through) {
        Position room = null;
        Position platform = null;
        for (int i = consumed; i < window.size(); i++) {
            Message m = window.get(i);
            Position p = m.position();
            if (m.family() == Family.ROOM) {
                room = earlier(room, p);
            } else {
                platform = earlier(platform, p);
            }
        }
        return before(room, platform, through);
    }

    /**
     * {@link #afterPrefix} for many cuts of one window, as a merge that splits its entries into
     * several blocks needs: the earliest position left of each family is found for every suffix in
     * one pass from the end, so each cut is answered without walking the rest of the window again
     * (a held viewer's CRITICAL backlog can be thousands of entries, cut every 20).
     */
    public static IntFunction<Cursor> prefixCuts(List<Message> window, Cursor through) {
        int n = window.size();
        Position[] room = new Position[n + 1];
        Position[] platform = new Position[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            Message m = window.get(i);
            Position p = m.position();
            room[i] = room[i + 1];
            platform[i] = platform[i + 1];
            if (m.family() == Family.ROOM) {
                room[i] = earlier(room[i], p);
            } else {
                platform[i] = earlier(platform[i], p);
            }
        }
        return consumed -> before(room[consumed], platform[consumed], through);
    }

    private static Position earlier(Position a, Position b) {
        return a == null || b.seq() < a.seq() ? b : a;
    }

    /** Per family, right before its earliest position left, or {@code through} where none is left. */
    private static Cursor before(Position room, Position platform, Cursor through) {
        return new Cursor(room == null ? through.room : new Part(room.epoch(), room.seq() - 1),
                platform == null ? through.platform : new Part(platform.epoch(), platform.seq() - 1));
    }

    /** The wire form; {@code "0"} for {@link #ORIGIN}. */
    public String encode() {
        if (equals(ORIGIN)) {
            return "0";
        }
        if (isLegacy()) {
            return "0-0";
        }
        return room.encode() + "." + platform.encode();
    }

    /**
     * Parses the wire form. A cursor of the old form ({@code "<millis>-<seq>"}) is {@link #LEGACY};
     * anything else is an {@link ErrorCode#INVALID_CURSOR} error.
     */
    public static Cursor parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            throw malformed(text);
        }
        if (text.equals("0")) {
            return ORIGIN;
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            int dash = text.indexOf('-');
            if (dash > 0 && digits(text, 0, dash) && digits(text, dash + 1, text.length())) {
                return LEGACY;
            }
            throw malformed(text);
        }
        if (text.indexOf('.', dot + 1) >= 0) {
            throw malformed(text);
        }
        return new Cursor(parsePart(text, 0, dot), parsePart(text, dot + 1, text.length()));
    }

    private static boolean digits(String text, int from, int to) {
        if (from >= to || to - from > 19) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Part parsePart(String text, int from, int to) {
        int dash = text.indexOf('-', from);
        if (dash <= from || dash >= to - 1 || dash - from > 6) {
            throw malformed(text);
        }
        long epoch = 0;
        for (int i = from; i < dash; i++) {
            int d = Character.digit(text.charAt(i), 36);
            char c = text.charAt(i);
            if (d < 0 || (c >= 'A' && c <= 'Z') || c > 'z') {
                throw malformed(text);
            }
            epoch = epoch * 36 + d;
        }
        if (epoch > MAX_EPOCH) {
            throw malformed(text);
        }
        long seq = 0;
        for (int i = dash + 1; i < to; i++) {
            char c = text.charAt(i);
            // Exact overflow check, so every sequence number up to Long.MAX_VALUE parses back from its encoding.
            if (c < '0' || c > '9' || seq > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw malformed(text);
            }
            seq = seq * 10 + (c - '0');
        }
        return new Part(epoch, seq);
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
