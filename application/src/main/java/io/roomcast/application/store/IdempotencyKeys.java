package io.roomcast.application.store;

import io.roomcast.domain.message.IdempotencyKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotency keys a store remembers, each with the ref of the first message stored under it,
 * for {@code keepMillis} after that message's creation.
 *
 * <p>Invariant: keys are remembered in position order, so their creation times never go back and
 * expiry only ever looks at the oldest. Not thread-safe: {@link MessageIndex} guards it.
 */
final class IdempotencyKeys<R> {
    private final long keepMillis;
    private final Map<IdempotencyKey, Keyed<R>> byKey = new HashMap<>();
    private final ArrayDeque<Keyed<R>> inOrder = new ArrayDeque<>();

    private record Keyed<R>(IdempotencyKey key, R ref, long createdAt) {
    }

    IdempotencyKeys(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    /** Remembers {@code key}; it replaces an entry for the same key (whose message could not be read). */
    void remember(IdempotencyKey key, R ref, long createdAt) {
        Keyed<R> entry = new Keyed<>(key, ref, createdAt);
        byKey.put(key, entry);
        inOrder.addLast(entry);
    }

    /** The ref remembered for {@code key}, or null; does not check age (call {@link #expire} first). */
    R first(IdempotencyKey key) {
        Keyed<R> found = byKey.get(key);
        return found == null ? null : found.ref();
    }

    /** The ref remembered for {@code key} if it is still within its age at {@code now}, or null. */
    R find(IdempotencyKey key, long now) {
        Keyed<R> found = byKey.get(key);
        return found == null || now - found.createdAt() > keepMillis ? null : found.ref();
    }

    /** Forgets the keys older than their age at {@code now}. */
    void expire(long now) {
        while (!inOrder.isEmpty() && now - inOrder.peekFirst().createdAt() > keepMillis) {
            Keyed<R> old = inOrder.removeFirst();
            byKey.remove(old.key(), old);
        }
    }

    /** The ref of the oldest remembered key, or null. */
    R oldest() {
        return inOrder.isEmpty() ? null : inOrder.peekFirst().ref();
    }
}
