package io.roomcast.application.port.in;

import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.Outcome;
import java.util.Objects;

/**
 * The answer to a publish.
 *
 * @param cursor    the stored position in its family, or null when discarded (not a resume cursor)
 * @param duplicate true when an idempotent retry returned the first answer
 */
public record PublishResult(MessageId id, Position cursor, Priority priority, Outcome outcome, boolean duplicate) {
    public PublishResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome.isAccepted() != (cursor != null)) {
            throw new IllegalArgumentException("an accepted message has a cursor, a discarded one has none");
        }
    }

    public boolean isAccepted() {
        return outcome.isAccepted();
    }
}
