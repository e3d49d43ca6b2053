package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;

/** Use case: an operator asks how a room is doing. Thread-safe. */
public interface GetRoomStatsUseCase {
    RoomStats stats(RoomId room);
}
