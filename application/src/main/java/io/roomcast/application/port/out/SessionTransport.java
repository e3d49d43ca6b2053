package io.roomcast.application.port.out;

import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Cursor;
import java.util.List;

/**
 * Port: one connection of a viewer session, as the session sees it: a transport (Netty TCP,
 * Undertow WebSocket) encodes the frames and blocks it is given, writes, flushes and times; the
 * session decides what is sent and when it closes. Every method is called on the session's loop.
 */
public interface SessionTransport {

    /** True while the connection takes more without piling up. */
    boolean isWritable();

    /** Writes a block (shared bytes when the block is shared). */
    void write(Outgoing block);

    /** The viewer's pending blocks were merged (it reads too slowly); for meters. */
    default void merged() {
    }

    /** Writes {@code Welcome}. */
    void welcome(String sessionId, long heartbeatMs, long ackMs, Cursor cursor);

    /** Writes {@code Pong}, unless the connection is not writable (a client that pings but does not read). */
    void pong();

    /** Writes {@code Error{code, message}} and closes (soon anyway if the peer does not read). */
    void error(String code, String message);

    /** Writes {@code GoAway} and closes once it is written. */
    void goAway(long reconnectAfterMs, List<String> endpoints);

    /**
     * From now on the client acknowledges blocks ({@code Hello.acks}); false when this transport does
     * not hold connections back for acknowledgements (then Welcome says acks are off).
     */
    default boolean useAcks(long lagMillis, long windowBytes) {
        return false;
    }

    /** The client has read {@code blocks} blocks in all; false when no acks were asked for or too many are acknowledged. */
    default boolean acked(long blocks) {
        return false;
    }

    /** The session is closing: stop timers, wait for nothing. The connection itself is closed by {@link #error} or {@link #goAway} or was closed already. */
    void release();
}
