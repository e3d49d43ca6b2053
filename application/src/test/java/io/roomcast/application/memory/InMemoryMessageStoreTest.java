package io.roomcast.application.memory;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;

/** The reference store passes the store contract. */
class InMemoryMessageStoreTest extends MessageStoreContract {
    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        return new InMemoryMessageStore(retention, clock);
    }
}
