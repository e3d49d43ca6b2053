package io.roomcast.application.port.in;

/** Use case: a viewer short-polls a room with the cursor of its last answer. Thread-safe. */
public interface PollRoomUseCase {

    /** Reads since the cursor, picks by priority within the limit, drops stale, counts what it skipped. */
    PollResult poll(PollQuery query);
}
