package io.roomcast.domain.block;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import java.util.List;
import java.util.Objects;

/**
 * The messages of one room gathered over one window, with a shared header, encoded once and sent
 * as the same bytes to every viewer of the room. {@code skipped} counts the window's messages
 * left out (stale, superseded, over the render budget), so entries + skipped = the window.
 */
public record Block(BlockHeader header, List<Message> entries, SkipCounts skipped) {
    public Block {
        Objects.requireNonNull(header, "header");
        entries = List.copyOf(entries);
        Objects.requireNonNull(skipped, "skipped");
    }

    public boolean isEmpty() {
        return entries.isEmpty() && skipped.isEmpty();
    }
}
