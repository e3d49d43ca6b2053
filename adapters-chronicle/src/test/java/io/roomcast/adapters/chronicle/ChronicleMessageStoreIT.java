package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.BrokenWrites;
import io.roomcast.domain.message.RoomId;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract against the Chronicle store, each store in its own directory. */
class ChronicleMessageStoreIT extends MessageStoreContract {
    @TempDir
    Path dir;
    private int opened;
    private final Map<MessageStore, BrokenWrites<DocumentRef>> queues = new IdentityHashMap<>();

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        Path data = dir.resolve("store-" + opened++);
        @SuppressWarnings("unchecked")
        BrokenWrites<DocumentRef>[] queue = new BrokenWrites[1];
        MessageStore store = ChronicleMessageStore.open(ChronicleStoreConfig.in(data).withRetention(retention), clock,
                documents -> queue[0] = new BrokenWrites<>(documents));
        queues.put(store, queue[0]);
        return store;
    }

    @Override
    protected void breakWritesOf(MessageStore store, RoomId room) {
        queues.get(store).breakRoom(room);
    }
}
