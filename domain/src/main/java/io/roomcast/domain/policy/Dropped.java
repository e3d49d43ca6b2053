package io.roomcast.domain.policy;

import io.roomcast.domain.message.Message;
import java.util.Objects;

/**
 * One message a viewer was not given, and why: the detail behind a {@link SkipCounts}, kept where
 * a block may later be cut (a resume's floor) so that the counts stay exact for what is left.
 */
public record Dropped(Message message, DropReason reason) {
    public Dropped {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reason, "reason");
    }
}
