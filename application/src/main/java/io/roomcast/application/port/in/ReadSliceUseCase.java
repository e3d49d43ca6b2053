package io.roomcast.application.port.in;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SkipCounts;
import java.util.List;
import java.util.Objects;

/**
 * Use case: a guest's feed of a room cut into numbered slices (see {@code SlicePolicy}) that an
 * HTTP cache can keep: the head says which slice closed last, and a closed slice's answer never
 * changes and is the same on every node sharing the store.
 */
public interface ReadSliceUseCase {

    /** Whether this node serves slices at all. */
    boolean enabled();

    /** The newest slice closed now. */
    long newestClosed();

    /** Where {@code room}'s slices stand now. */
    Head head(RoomId room);

    /** Slice {@code n} of {@code room}: closed (with its answer), still open, or gone. */
    Answer slice(RoomId room, long n);

    /**
     * @param slice       the newest closed slice
     * @param sliceMs     each slice's width
     * @param pollAfterMs when to ask for the head again, by room size
     * @param states      the room's latest states (a guest starting afresh applies them first)
     */
    record Head(RoomId room, long slice, long sliceMs, long pollAfterMs, List<Message> states) {
        public Head {
            Objects.requireNonNull(room, "room");
            states = List.copyOf(states);
        }
    }

    /** What {@link #slice} found. */
    sealed interface Answer permits Closed, Open, Gone {
    }

    /**
     * A closed slice: its messages picked by priority within the polling limit (every {@code CRITICAL}
     * one kept), the rest counted by reason, stale judged at the slice's end.
     *
     * @param states    the newest version of each state key the limit left out (gain repair)
     * @param truncated the slice held more messages than a slice reads; the rest were not looked at
     */
    record Closed(long slice, List<Message> messages, SkipCounts skipped, List<Message> states, boolean truncated)
            implements Answer {
        public Closed {
            messages = List.copyOf(messages);
            Objects.requireNonNull(skipped, "skipped");
            states = List.copyOf(states);
        }
    }

    /** Not closed yet: ask again at {@code closesAtMillis}. */
    record Open(long closesAtMillis) implements Answer {
    }

    /** Retention removed messages of the slice: what it held can no longer be told. */
    record Gone() implements Answer {
    }
}
