package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.MessageStoreContract;
import io.roomcast.application.port.out.Retention;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract against the Chronicle store, each store in its own directory. */
class ChronicleMessageStoreIT extends MessageStoreContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected MessageStore createStore(Retention retention, Clock clock) {
        Path data = dir.resolve("store-" + opened++);
        return ChronicleMessageStore.open(ChronicleStoreConfig.in(data).withRetention(retention), clock);
    }
}
