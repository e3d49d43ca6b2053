package io.roomcast.application.memory;

import io.roomcast.application.store.IndexedStream;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of the in-memory store: the stored messages themselves, oldest first. Removing the
 * oldest only moves a start index; the list is compacted once half of it is removed ones, so both
 * ends cost O(1) amortised. Not thread-safe: the store's {@code MessageIndex} guards it.
 */
final class MessageList implements IndexedStream<Message> {
    private final List<Message> messages = new ArrayList<>();
    private int first;
    private Position trimmedThrough = Position.NONE;

    @Override
    public void add(Message stored, Position position, Category category) {
        messages.add(stored);
    }

    @Override
    public int size() {
        return messages.size() - first;
    }

    @Override
    public long seq(int i) {
        return ref(i).position().seq();
    }

    @Override
    public long millis(int i) {
        return ref(i).position().millis();
    }

    @Override
    public Category category(int i) {
        return ref(i).category();
    }

    @Override
    public Message ref(int i) {
        return messages.get(first + i);
    }

    @Override
    public void removeOldest() {
        trimmedThrough = ref(0).position();
        messages.set(first++, null);
        if (first * 2 >= messages.size()) {
            messages.subList(0, first).clear();
            first = 0;
        }
    }

    @Override
    public Position trimmedThrough() {
        return trimmedThrough;
    }
}
