package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;
import java.util.List;

/**
 * Port: hands an admitted, stored message to the live viewers on this node (the push path).
 * Must not block the caller: implementations queue and return.
 */
@FunctionalInterface
public interface Fanout {
    void deliver(Message stored);

    /** Hands over a batch, in position order: as {@link #deliver} of each, in one go where the push path can. */
    default void deliverAll(List<Message> stored) {
        stored.forEach(this::deliver);
    }

    /** No live viewers on this node (polling only). */
    static Fanout none() {
        return stored -> { };
    }
}
