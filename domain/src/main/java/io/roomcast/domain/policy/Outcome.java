package io.roomcast.domain.policy;

import java.util.Objects;

/** What a rule decided about one message: an expected "no" is a value, not an exception. */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Discarded {

    Outcome ACCEPTED = new Accepted();

    static Outcome discarded(DropReason reason) {
        return new Discarded(reason);
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The message goes on. */
    record Accepted() implements Outcome {
    }

    /** The message stops here, for {@code reason}. */
    record Discarded(DropReason reason) implements Outcome {
        public Discarded {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
