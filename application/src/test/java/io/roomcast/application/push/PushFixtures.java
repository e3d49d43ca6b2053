package io.roomcast.application.push;

import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;

/** Small helpers for the push core's tests. */
final class PushFixtures {
    private PushFixtures() {
    }

    /** {@code m} stored at position ({@code createdAt}, {@code seq}). */
    static Message stored(Message m, long seq) {
        return m.storedAt(new Position(m.createdAt(), seq));
    }
}
