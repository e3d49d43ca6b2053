package io.roomcast.application.port.in;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a poll.
 *
 * @param messages    chosen messages in position order, stamped with {@code sentAt}
 * @param cursor      what to send on the next poll
 * @param pollAfterMs when to poll next, by room size
 * @param skipped     messages between the two cursors not delivered, by reason
 * @param reset       true when the given cursor was from the future or older than retention and
 *                    the answer starts afresh; the skipped counts then cover only what was read
 * @param more        true when more messages are waiting: poll again at once
 * @param states      gain repair, not deliveries: the room's latest states on a first poll or a reset,
 *                    and the newest version of every state key this answer skipped over its limit
 */
public record PollResult(List<Message> messages, Cursor cursor, long pollAfterMs, SkipCounts skipped,
                         boolean reset, boolean more, List<Message> states) {
    public PollResult {
        messages = List.copyOf(messages);
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(skipped, "skipped");
        states = List.copyOf(states);
    }

    public PollResult(List<Message> messages, Cursor cursor, long pollAfterMs, SkipCounts skipped,
                      boolean reset, boolean more) {
        this(messages, cursor, pollAfterMs, skipped, reset, more, List.of());
    }
}
