package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.DropReason;
import java.util.Objects;

/** What an append did: stored (or found stored under its idempotency key), or refused by the room's budget. */
public sealed interface AppendResult permits AppendResult.Stored, AppendResult.Refused {

    /**
     * The message is in the store.
     *
     * @param stored    the stored message, with its position; for a duplicate, the first one stored
     * @param duplicate true when the idempotency key was seen before and nothing new was stored
     */
    record Stored(Message stored, boolean duplicate) implements AppendResult {
        public Stored {
            Objects.requireNonNull(stored, "stored");
            if (!stored.isStored()) {
                throw new IllegalArgumentException("an append result carries a stored message");
            }
        }
    }

    /** The room's budget refused the message: nothing was stored and no budget was spent on it. */
    record Refused(DropReason reason) implements AppendResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
