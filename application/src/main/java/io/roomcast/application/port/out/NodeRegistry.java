package io.roomcast.application.port.out;

import java.util.List;

/**
 * Port: the live nodes of a cluster. Each node writes its own entry once a heartbeat
 * ({@link #heartbeat}); an entry not renewed for {@link #TTL_HEARTBEATS} heartbeats is gone, so a
 * node killed without a word leaves within seconds. {@link #live()} is a snapshot taken by the
 * last heartbeat: reading it never blocks. Thread-safe.
 */
public interface NodeRegistry extends AutoCloseable {
    /** How often a node renews its entry. */
    long HEARTBEAT_MILLIS = 1_000;
    /** How many heartbeats an entry outlives its last renewal by. */
    int TTL_HEARTBEATS = 3;

    /**
     * Writes {@code self} (renewing its entry) and takes a new snapshot of the live nodes.
     *
     * @throws io.roomcast.domain.error.RoomcastException {@code STORE_UNAVAILABLE} when the registry
     *         cannot be reached; the snapshot then keeps the last one read, for one entry lifetime at most
     */
    void heartbeat(NodeInfo self);

    /**
     * The live nodes as of the last heartbeat, this node included as it last wrote itself; a new
     * list object after each heartbeat. Empty before the first one.
     */
    List<NodeInfo> live();

    /** Removes this node's entry (last written by {@link #heartbeat}); the others stop seeing it at once. */
    void leave();

    @Override
    void close();

    /** A registry of this node only: for stores that are single-node. */
    static NodeRegistry local() {
        return new LocalNodeRegistry();
    }
}
