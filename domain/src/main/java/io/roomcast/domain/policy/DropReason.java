package io.roomcast.domain.policy;

import java.util.Locale;

/** Why a message was not delivered to a viewer, or not accepted at all. */
public enum DropReason {
    /** Publish: the room is over its rate budget and this level's share is spent. */
    OVERLOAD,
    /** Delivery: older than its category's maximum age. */
    AGE,
    /** Poll: more messages than the poll's limit; higher levels went first. */
    PRIORITY,
    /** Push: more messages than the viewer's render budget for one block; higher levels went first. */
    BUDGET,
    /** A state message replaced by a newer version of the same state key. */
    SUPERSEDED;

    /** The name used on the wire, e.g. {@code "age"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
