package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;

/**
 * Port: hands an admitted, stored message to the live viewers on this node (the push path).
 * Must not block the caller: implementations queue and return.
 */
@FunctionalInterface
public interface Fanout {
    void deliver(Message stored);

    /** No live viewers on this node (polling only). */
    static Fanout none() {
        return stored -> { };
    }
}
