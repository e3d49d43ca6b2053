package io.roomcast.domain.block;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import java.util.List;
import java.util.Objects;

/**
 * The messages of one room gathered over one window, with a shared header, encoded once and sent
 * as the same bytes to every viewer of the room. {@code skipped} counts the window's messages
 * left out (stale, superseded, over the render budget), so entries + skipped = the window.
 *
 * <p>{@code states} repair gain (state) messages: the newest version of each state key the viewer
 * was not given (over a limit or budget here, or in a merge), or the room's latest states when a
 * viewer starts. They are not deliveries (the window counted them as skipped, or they are older
 * than the viewer's start) and may repeat an entry; a client keeps the highest version per key.
 */
public record Block(BlockHeader header, List<Message> entries, SkipCounts skipped, List<Message> states) {
    public Block {
        Objects.requireNonNull(header, "header");
        entries = List.copyOf(entries);
        Objects.requireNonNull(skipped, "skipped");
        states = List.copyOf(states);
    }

    public Block(BlockHeader header, List<Message> entries, SkipCounts skipped) {
        this(header, entries, skipped, List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty() && skipped.isEmpty() && states.isEmpty();
    }
}
