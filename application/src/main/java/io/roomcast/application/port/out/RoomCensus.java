package io.roomcast.application.port.out;

import io.roomcast.domain.message.RoomId;

/**
 * Port: how many viewers a room has on every node that serves it, the count that sets a poller's
 * {@code pollAfterMs} and a room's stats. Never blocks: it is read on the HTTP server's IO thread,
 * so an implementation answers from what it holds (another node's viewers may be counted seconds
 * late). Thread-safe.
 */
public interface RoomCensus extends AutoCloseable {

    /** Viewers of {@code room} at {@code nowMillis}: this node's, as {@code RoomDirectory} counts them, plus the other nodes' last known. */
    int online(RoomId room, long nowMillis);

    /** Stops whatever keeps the count; harmless when there is nothing. */
    @Override
    default void close() {
    }

    /** The census of a node alone (Chronicle, memory, or a Redis node without the cluster): its own directory. */
    static RoomCensus local(RoomDirectory directory) {
        return directory::online;
    }
}
