package io.roomcast.adapters.http;

import io.roomcast.application.port.in.PollResult;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.codec.PollCodec;
import io.roomcast.protocol.json.JsonMessages;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Poll answers as bytes, JSON or protobuf, and the guests' answers kept for reuse. A hot room's
 * guests poll with the same few cursors (everyone served in one instant got the same next
 * cursor), so a guest's answer is kept for {@code ttlMillis} per (room, cursor, limit) and given,
 * already encoded, to every guest asking the same meanwhile: one store read and one encoding per
 * format serve them all, from the IO thread. Signed-in answers (they carry the user's unicast
 * messages) are never kept.
 *
 * <p>Two guests missing at once may both poll and both keep their answer, the later replacing
 * the earlier; that costs a read, never a wrong answer, since an answer is a pure function of the
 * question and the log up to the moment it was read. Thread-safe. Kept bytes are shared and must
 * never be modified.
 */
final class PollAnswers {
    /** Answers past their time are dropped at least this often (and whenever more than {@link #SWEEP_ABOVE} are kept). */
    static final long SWEEP_EVERY_MILLIS = 1_000;
    private static final int SWEEP_ABOVE = 10_000;
    private static final ThreadLocal<JsonMessages> WRITERS = ThreadLocal.withInitial(JsonMessages::new);

    private final long ttlMillis;
    private final ConcurrentMap<Key, Guest> guests = new ConcurrentHashMap<>();
    /** When answers past their time were last dropped: each holds its messages until then. */
    private volatile long sweptAt;

    /** @param ttlMillis how long a guest's answer is reused for the same question; 0 keeps none */
    PollAnswers(long ttlMillis) {
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("poll cache time must not be negative: " + ttlMillis);
        }
        this.ttlMillis = ttlMillis;
    }

    /**
     * A guest's question.
     *
     * @param cursor the cursor asked with, {@code ""} for none
     * @param limit  the limit as the polling policy settled it (the default when none was asked)
     */
    record Key(RoomId room, String cursor, int limit) {
        // Written out: a record's generated equals and hashCode go through method-handle chains that
        // the JIT left uninlined on this lookup, once per guest poll (about 6% of the IO threads' Java
        // samples flat out); the same values.
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Key that && limit == that.limit && room.equals(that.room)
                    && cursor.equals(that.cursor);
        }

        @Override
        public int hashCode() {
            return (31 * room.hashCode() + cursor.hashCode()) * 31 + limit;
        }
    }

    /** A guest's answer, with its bytes encoded on first use per format (two racing threads may both encode). */
    static final class Guest {
        private final PollResult result;
        private final long expiresAt;
        private volatile byte[] json;
        private volatile byte[] protobuf;

        Guest(PollResult result, long expiresAt) {
            this.result = result;
            this.expiresAt = expiresAt;
        }

        PollResult result() {
            return result;
        }

        byte[] bytes(boolean asProtobuf) {
            byte[] bytes = asProtobuf ? protobuf : json;
            if (bytes == null) {
                bytes = encode(result, asProtobuf);
                if (asProtobuf) {
                    protobuf = bytes;
                } else {
                    json = bytes;
                }
            }
            return bytes;
        }
    }

    /** The answer kept for {@code key} and still fresh at {@code nowMillis}, or null. */
    Guest kept(Key key, long nowMillis) {
        sweepIfDue(nowMillis);
        Guest guest = guests.get(key);
        return guest != null && nowMillis < guest.expiresAt ? guest : null;
    }

    /**
     * Keeps the answer to {@code key}, read at {@code readAtMillis}, until {@code ttlMillis} later (with a
     * time of 0, not at all); returns it.
     */
    Guest keep(Key key, PollResult result, long readAtMillis) {
        Guest guest = new Guest(result, readAtMillis + ttlMillis);
        if (ttlMillis > 0) {
            if (guests.size() > SWEEP_ABOVE) {
                sweep(readAtMillis);
            }
            sweepIfDue(readAtMillis);
            guests.put(key, guest);
        }
        return guest;
    }

    /** How many answers are kept, fresh or not yet dropped. */
    int size() {
        return guests.size();
    }

    /**
     * Drops the answers past their time once a {@link #SWEEP_EVERY_MILLIS}: cursors move on, so an
     * answer is rarely asked for again once its time is over, and it holds up to a page of messages
     * (payloads included). Two threads may both sweep; that costs a pass, nothing else.
     */
    private void sweepIfDue(long nowMillis) {
        long last = sweptAt;
        if (nowMillis - last >= SWEEP_EVERY_MILLIS || nowMillis < last) {
            sweep(nowMillis);
        }
    }

    private void sweep(long nowMillis) {
        sweptAt = nowMillis;
        if (!guests.isEmpty()) {
            guests.values().removeIf(g -> g.expiresAt <= nowMillis);
        }
    }

    /** An answer's bytes, encoded afresh: for answers never kept (a signed-in viewer's). */
    static byte[] encode(PollResult result, boolean asProtobuf) {
        return asProtobuf ? protobuf(result) : json(result);
    }

    static byte[] json(PollResult r) {
        JsonMessages writer = WRITERS.get().reset();
        // A copy: the writer's buffer is reused by this thread's next answer while this one may still be in flight.
        return writer.poll(r.messages(), r.cursor(), r.pollAfterMs(), r.skipped(), r.reset(), r.more(), r.states()).toByteArray();
    }

    static byte[] protobuf(PollResult r) {
        return PollCodec.toProto(r.messages(), r.cursor(), r.pollAfterMs(), r.skipped(), r.reset(), r.more(), r.states())
                .toByteArray();
    }
}
