package io.roomcast.application.memory;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.BrokenWrites;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.IdentityHashMap;
import java.util.Map;

/** The reference store passes the store contract. */
class InMemoryMessageStoreTest extends MessageStoreContract {
    private final Map<MessageStore, BrokenWrites<Message>> heaps = new IdentityHashMap<>();

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        BrokenWrites<Message> heap = new BrokenWrites<>(InMemoryMessageStore.HEAP);
        MessageStore store = new InMemoryMessageStore(retention, clock, heap);
        heaps.put(store, heap);
        return store;
    }

    @Override
    protected void breakWritesOf(MessageStore store, RoomId room) {
        heaps.get(store).breakRoom(room);
    }
}
