package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;
import java.util.List;

/** Use case: an operator asks how a room is doing. Thread-safe. */
public interface GetRoomStatsUseCase {
    RoomStats stats(RoomId room);

    /**
     * The busiest rooms this node knows (with viewers here, or published to or discarded here since
     * it started): most viewers first, then the highest publish rate; at most {@code limit}.
     */
    List<RoomStats> busiest(int limit);
}
