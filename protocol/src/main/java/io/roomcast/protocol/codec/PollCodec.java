package io.roomcast.protocol.codec;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.v1.PollResponse;
import java.util.List;

/**
 * A poll answer as {@code roomcast.v1.PollResponse}: the {@code application/x-protobuf} body of
 * {@code GET /api/v1/rooms/{roomId}/messages} (the JSON body is written by
 * {@link io.roomcast.protocol.json.JsonMessages}). Stateless and thread-safe.
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
}
