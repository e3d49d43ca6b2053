package io.roomcast.application.port.in;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.List;

/** Use case: the latest version of every state ("gain") key of a room, sent first on join or resume. Thread-safe. */
public interface RoomStateUseCase {
    List<Message> latestStates(RoomId room);
}
