package io.roomcast.adapters.http;

import io.roomcast.application.port.in.PollResult;
import io.roomcast.protocol.codec.PollCodec;
import io.roomcast.protocol.json.JsonMessages;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Poll answers as bytes, JSON or protobuf. The poll use case hands every guest asking the same
 * question within a short time the same {@link PollResult} instance; this remembers the encoded
 * bytes of recent instances (by identity, per format) so a hot room's answer is encoded once,
 * not once per viewer.
 *
 * <p>The memory is a small direct-mapped table indexed by identity hash: a slot holds one
 * (result, bytes) pair and a newer result simply replaces it, so there is no eviction work and
 * no lock. Entries are immutable; a racing reader sees either the old or the new entry, and a
 * miss only costs an encoding. Thread-safe. Cached bytes are shared and must never be modified.
 */
final class PollAnswers {
    private static final int SLOTS = 512;
    private static final ThreadLocal<JsonMessages> WRITERS = ThreadLocal.withInitial(JsonMessages::new);

    private record Entry(PollResult result, byte[] bytes) {
    }

    private final AtomicReferenceArray<Entry> json = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<Entry> protobuf = new AtomicReferenceArray<>(SLOTS);

    /**
     * The answer's bytes.
     *
     * @param shared true when {@code result} may be handed to other pollers (a guest's answer):
     *               only those are worth remembering
     */
    byte[] encode(PollResult result, boolean asProtobuf, boolean shared) {
        if (!shared) {
            return asProtobuf ? protobuf(result) : json(result);
        }
        AtomicReferenceArray<Entry> table = asProtobuf ? protobuf : json;
        int slot = System.identityHashCode(result) & (SLOTS - 1);
        Entry entry = table.getAcquire(slot);
        if (entry != null && entry.result() == result) {
            return entry.bytes();
        }
        byte[] bytes = asProtobuf ? protobuf(result) : json(result);
        table.setRelease(slot, new Entry(result, bytes));
        return bytes;
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
