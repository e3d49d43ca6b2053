package io.roomcast.application.port.out;

import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;

/**
 * Port: one viewer's connection, as the push core sees it: a transport (TCP, WebSocket) encodes,
 * writes, flushes and times; the core decides what the viewer gets. Every method is called on the
 * viewer's {@link TaskLoop}.
 */
public interface ViewerSink {

    /** True while the connection takes more without piling up (below its write buffer's high watermark). */
    boolean isWritable();

    /** Writes a block (the transport flushes when it sees fit, at the latest at the end of this loop turn). */
    void write(Outgoing block);

    /** The viewer's start in a room is known and its replay follows (a first entry sends its welcome now). */
    void started(Cursor start);

    /** Reading the viewer's start failed (the store is down, a bad cursor): the transport reports and closes. */
    void failed(RoomcastException error);

    /** The viewer's pending blocks were merged (it reads too slowly); for meters. */
    default void merged() {
    }

    /**
     * True while the sink is not writable only because its client has not acknowledged what it
     * was sent (the client is slow, not the node): such a viewer's held blocks say nothing about
     * the node's load, and the adaptive window does not count them.
     */
    default boolean waitsForClient() {
        return false;
    }
}
