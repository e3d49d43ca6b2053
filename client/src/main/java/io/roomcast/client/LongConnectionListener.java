package io.roomcast.client;

import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Welcome;

/**
 * Callbacks of a {@link LongConnectionClient}. They run on the client's event loop, one at a
 * time and in the order the frames arrived: keep them short and never block in them (hand work
 * to another thread). Every method has an empty default.
 */
public interface LongConnectionListener {

    /** A session opened (first connection or a reconnect); blocks follow. */
    default void onWelcome(Welcome welcome) {
    }

    /**
     * A block of messages: states first after a (re)connect, then what was missed, then live
     * blocks. {@code block.getSkipped()} counts what this viewer was not given, by reason.
     */
    default void onBlock(Block block) {
    }

    /** The server refused or ended the session; the connection closes after it. */
    default void onError(Error error) {
    }

    /** The server is draining; the client reconnects after the delay, to the endpoints given. */
    default void onGoAway(GoAway goAway) {
    }

    /** The server answered a heartbeat: the connection is alive both ways. */
    default void onPong() {
    }

    /** The connection was lost or could not be made ({@code cause} may be null); the client reconnects unless closed. */
    default void onDisconnected(Throwable cause) {
    }

    /**
     * The client stopped for good: {@link LongConnectionClient#close()}, or an error not worth
     * retrying. The last call: it comes after the {@code onDisconnected} of the connection it closed.
     */
    default void onClosed() {
    }
}
