package io.roomcast.protocol.codec;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.Slice;
import io.roomcast.protocol.v1.SliceHead;
import java.util.List;

/**
 * A poll answer as {@code roomcast.v1.PollResponse}: the {@code application/x-protobuf} body of
 * {@code GET /api/v1/rooms/{roomId}/messages} (the JSON body is written by
 * {@link io.roomcast.protocol.json.JsonMessages}), and the slices a guest polls through an HTTP cache
 * ({@code Slice}, {@code SliceHead}). Stateless and thread-safe.
 */
public final class PollCodec {
    private PollCodec() {
    }

    /**
     * @param messages    chosen messages in position order
     * @param cursor      the cursor for the next poll
     * @param pollAfterMs when to poll next, 0 to {@link Integer#MAX_VALUE}
     * @param skipped     messages not delivered, by reason
     * @param reset       the given cursor was unusable and the answer starts afresh
     * @param more        more messages are waiting
     */
    public static PollResponse toProto(List<Message> messages, Cursor cursor, long pollAfterMs,
                                       SkipCounts skipped, boolean reset, boolean more) {
        return toProto(messages, cursor, pollAfterMs, skipped, reset, more, List.of());
    }

    /** As above, with the answer's gain repair: {@code states}, the newest version per state key. */
    public static PollResponse toProto(List<Message> messages, Cursor cursor, long pollAfterMs,
                                       SkipCounts skipped, boolean reset, boolean more, List<Message> states) {
        RoomcastException.required(messages, "messages");
        RoomcastException.required(cursor, "cursor");
        if (pollAfterMs < 0 || pollAfterMs > Integer.MAX_VALUE) {
            throw RoomcastException.invalid("pollAfterMs", "must be 0-" + Integer.MAX_VALUE + ", got " + pollAfterMs);
        }
        PollResponse.Builder b = PollResponse.newBuilder()
                .setCursor(cursor.encode())
                .setPollAfterMs((int) pollAfterMs)
                .setSkipped(SkippedCodec.toProto(skipped))
                .setReset(reset)
                .setMore(more);
        for (Message m : messages) {
            b.addMessages(MessageCodec.toProto(m));
        }
        for (Message m : states) {
            b.addStates(MessageCodec.toProto(m));
        }
        return b.build();
    }

    /** One closed slice of a room's guest feed as {@code roomcast.v1.Slice}. */
    public static Slice slice(long slice, List<Message> messages, SkipCounts skipped, List<Message> states,
                              boolean truncated) {
        Slice.Builder b = Slice.newBuilder().setSlice(slice).setSkipped(SkippedCodec.toProto(skipped)).setTruncated(truncated);
        for (Message m : messages) {
            b.addMessages(MessageCodec.toProto(m));
        }
        for (Message m : states) {
            b.addStates(MessageCodec.toProto(m));
        }
        return b.build();
    }

    /** Where a room's slices stand, as {@code roomcast.v1.SliceHead}. */
    public static SliceHead sliceHead(RoomId room, long slice, long sliceMs, long pollAfterMs, List<Message> states) {
        SliceHead.Builder b = SliceHead.newBuilder().setRoomId(room.value()).setSlice(slice)
                .setSliceMs(Math.toIntExact(sliceMs)).setPollAfterMs(Math.toIntExact(pollAfterMs));
        for (Message m : states) {
            b.addStates(MessageCodec.toProto(m));
        }
        return b.build();
    }
}
