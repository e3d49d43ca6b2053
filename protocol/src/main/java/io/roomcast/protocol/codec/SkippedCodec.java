package io.roomcast.protocol.codec;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.v1.Skipped;

/**
 * {@link SkipCounts} to and from {@code roomcast.v1.Skipped}. The wire counts are uint32; one
 * above {@link Integer#MAX_VALUE} is rejected as {@code INVALID_ARGUMENT}. Stateless and
 * thread-safe.
 */
public final class SkippedCodec {
    private SkippedCodec() {
    }

    public static Skipped toProto(SkipCounts counts) {
        RoomcastException.required(counts, "skipped");
        if (counts.isEmpty()) {
            return Skipped.getDefaultInstance();
        }
        return Skipped.newBuilder()
                .setPriority(counts.priority())
                .setAge(counts.age())
                .setBudget(counts.budget())
                .setSuperseded(counts.superseded())
                .build();
    }

    public static SkipCounts fromProto(Skipped proto) {
        RoomcastException.required(proto, "skipped");
        return new SkipCounts(
                count("skipped.priority", proto.getPriority()),
                count("skipped.age", proto.getAge()),
                count("skipped.budget", proto.getBudget()),
                count("skipped.superseded", proto.getSuperseded()));
    }

    /** A uint32 read into a Java int is negative exactly when it is above {@code Integer.MAX_VALUE}. */
    private static int count(String field, int uint32) {
        if (uint32 < 0) {
            throw RoomcastException.invalid(field, "count too large: " + Integer.toUnsignedString(uint32));
        }
        return uint32;
    }
}
