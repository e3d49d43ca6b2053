package io.roomcast.adapters.http;

import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.codec.PollCodec;
import io.roomcast.protocol.json.JsonMessages;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slice answers as bytes, JSON and protobuf, each with its strong {@code ETag} (a hash of those
 * bytes, so two nodes giving the same bytes give the same tag). A closed slice never changes, so
 * its answer is kept until it is {@value #KEPT_SLICES} slices old; a room's head is kept for
 * {@code headTtlMillis}. Two requests missing at once may both read and encode: the same bytes, one
 * of them kept. Thread-safe. Kept bytes are shared and must never be modified.
 */
final class SliceAnswers {
    /** Closed slices older than this many slices are dropped from memory (guests far behind jump ahead). */
    static final int KEPT_SLICES = 120;
    private static final int SWEEP_ABOVE = 10_000;

    private final long headTtlMillis;
    private final ConcurrentMap<SliceKey, Encoded> slices = new ConcurrentHashMap<>();
    private final ConcurrentMap<RoomId, Head> heads = new ConcurrentHashMap<>();

    SliceAnswers(long headTtlMillis) {
        this.headTtlMillis = headTtlMillis;
    }

    record SliceKey(RoomId room, long slice) {
        // Written out, as PollAnswers.Key's: the record's generated equals and hashCode run through
        // method-handle chains the JIT may leave uninlined on a lookup made once per slice request.
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof SliceKey that && slice == that.slice && room.equals(that.room);
        }

        @Override
        public int hashCode() {
            return 31 * room.hashCode() + Long.hashCode(slice);
        }
    }

    /** One answer in both formats, with their tags. */
    record Encoded(byte[] json, String jsonTag, byte[] protobuf, String protobufTag) {
        byte[] bytes(boolean asProtobuf) {
            return asProtobuf ? protobuf : json;
        }

        String tag(boolean asProtobuf) {
            return asProtobuf ? protobufTag : jsonTag;
        }
    }

    private record Head(Encoded encoded, long expiresAt) {
    }

    /** The closed slice kept for {@code key}, or null. */
    Encoded slice(SliceKey key) {
        return slices.get(key);
    }

    /** Encodes and keeps a closed slice; {@code newestClosed} bounds what stays in memory. */
    Encoded keep(SliceKey key, ReadSliceUseCase.Closed closed, long newestClosed) {
        byte[] json = new JsonMessages().slice(closed.slice(), closed.messages(), closed.skipped(), closed.states(),
                closed.truncated()).toByteArray();
        byte[] protobuf = PollCodec.slice(closed.slice(), closed.messages(), closed.skipped(), closed.states(),
                closed.truncated()).toByteArray();
        Encoded encoded = new Encoded(json, tag(json), protobuf, tag(protobuf));
        if (key.slice() > newestClosed - KEPT_SLICES) {
            if (slices.size() > SWEEP_ABOVE) {
                slices.keySet().removeIf(k -> k.slice() <= newestClosed - KEPT_SLICES);
            }
            slices.put(key, encoded);
        }
        return encoded;
    }

    /** The head kept for {@code room} and still fresh at {@code nowMillis}, or null. */
    Encoded head(RoomId room, long nowMillis) {
        Head head = heads.get(room);
        return head != null && nowMillis < head.expiresAt() ? head.encoded() : null;
    }

    /** Encodes a head read at {@code readAtMillis} and keeps it for {@code headTtlMillis}. */
    Encoded keep(ReadSliceUseCase.Head head, long readAtMillis) {
        byte[] json = new JsonMessages().sliceHead(head.room(), head.slice(), head.sliceMs(), head.pollAfterMs(),
                head.states()).toByteArray();
        byte[] protobuf = PollCodec.sliceHead(head.room(), head.slice(), head.sliceMs(), head.pollAfterMs(),
                head.states()).toByteArray();
        Encoded encoded = new Encoded(json, tag(json), protobuf, tag(protobuf));
        if (headTtlMillis > 0) {
            if (heads.size() > SWEEP_ABOVE) {
                heads.values().removeIf(h -> h.expiresAt() <= readAtMillis);
            }
            heads.put(head.room(), new Head(encoded, readAtMillis + headTtlMillis));
        }
        return encoded;
    }

    /** A strong entity tag: the first 128 bits of the bytes' SHA-256, quoted. */
    static String tag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Whether an {@code If-None-Match} value names {@code tag} (weak comparison, as RFC 9110 asks of it). */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String each : ifNoneMatch.split(",")) {
            String t = each.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
