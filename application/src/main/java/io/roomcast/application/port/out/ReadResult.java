package io.roomcast.application.port.out;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.util.List;
import java.util.Objects;

/**
 * What a store read returned.
 *
 * @param messages stored messages in position order
 * @param through  the cursor to read from next time: every message of the feed at or before it
 *                 was returned now or earlier (the last returned position, or the cursor asked
 *                 from when there was nothing new)
 * @param more     true when the read stopped at its maximum and more messages follow
 * @param gap      true when retention removed messages after the cursor asked from, so the reader
 *                 missed some it can no longer get (the answer then starts at the oldest retained)
 */
public record ReadResult(List<Message> messages, Cursor through, boolean more, boolean gap) {
    public ReadResult {
        messages = List.copyOf(messages);
        Objects.requireNonNull(through, "through");
    }

    public static ReadResult empty(Cursor through) {
        return new ReadResult(List.of(), through, false, false);
    }
}
