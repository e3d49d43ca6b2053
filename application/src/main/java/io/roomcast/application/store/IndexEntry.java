package io.roomcast.application.store;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import java.util.Objects;

/**
 * What a {@link MessageIndex} keeps of one stored message: where to find it, its stream, position,
 * category, creation time (never before the position's millis), idempotency key and state key
 * with version (null when it has none).
 */
public record IndexEntry<R>(R ref, StreamKey stream, Position position, Category category, long createdAt,
                            IdempotencyKey idempotencyKey, String stateKey, long version) {
    public IndexEntry {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(category, "category");
    }

    /** The entry of a message just stored at its position. */
    public static <R> IndexEntry<R> of(R ref, Message stored) {
        return new IndexEntry<>(ref, StreamKey.of(stored), stored.position(), stored.category(), stored.createdAt(),
                stored.idempotencyKey(), stored.isState() ? stored.stateKey().value() : null, stored.version());
    }
}
