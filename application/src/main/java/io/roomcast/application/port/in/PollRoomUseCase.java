package io.roomcast.application.port.in;

import java.util.Optional;

/** Use case: a viewer short-polls a room with the cursor of its last answer. Thread-safe. */
public interface PollRoomUseCase {

    /** Reads since the cursor, picks by priority within the limit, drops stale, counts what it skipped. */
    PollResult poll(PollQuery query);

    /**
     * The answer to {@code query} if it can be given from memory without blocking (a guest's answer
     * still cached), else empty: then call {@link #poll} on a thread that may block. Bad input fails
     * here as it would in {@link #poll}.
     */
    default Optional<PollResult> pollFromMemory(PollQuery query) {
        return Optional.empty();
    }
}
