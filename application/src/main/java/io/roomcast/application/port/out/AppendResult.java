package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;
import java.util.Objects;

/**
 * What an append did.
 *
 * @param stored    the stored message, with its position; for a duplicate, the first one stored
 * @param duplicate true when the idempotency key was seen before and nothing new was stored
 */
public record AppendResult(Message stored, boolean duplicate) {
    public AppendResult {
        Objects.requireNonNull(stored, "stored");
        if (!stored.isStored()) {
            throw new IllegalArgumentException("an append result carries a stored message");
        }
    }
}
