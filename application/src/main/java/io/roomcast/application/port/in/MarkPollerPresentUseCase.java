package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;

/**
 * Use case: a poller is seen in a room without a {@link PollRoomUseCase#poll} (an adapter answered
 * it with an answer it kept), and counts in the room's online figure as if it had polled.
 * Never blocks: callable from an IO thread. Thread-safe.
 */
public interface MarkPollerPresentUseCase {

    /** Counts {@code viewer} as present in {@code room} from now, as a poll naming it would. */
    void markPresent(RoomId room, String viewer);
}
