package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;
import java.util.List;

/**
 * Use case: where a viewer opens its long connection ({@code GET /api/v1/endpoint}, and the
 * endpoints a draining node's GoAway names). Reads a snapshot only: never blocks, callable from an
 * IO thread. Thread-safe.
 */
public interface AllocateEndpointUseCase {

    /**
     * Long-connection endpoints ({@code host:port}), the one to try first first.
     *
     * @param room        the viewer's room (its nodes are kept together), or null when not known
     * @param excludeSelf true for a GoAway: never this node; may then be empty (the client asks again)
     */
    List<String> endpoints(RoomId room, boolean excludeSelf);
}
