package io.roomcast.adapters.chronicle;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Stores and messages for the adapter's own tests. */
final class Fixtures {
    static final long HOUR = 3_600_000L;

    private Fixtures() {
    }

    static ChronicleMessageStore open(Path dataDir, Retention retention, Clock clock) {
        return ChronicleMessageStore.open(ChronicleStoreConfig.in(dataDir).withRetention(retention), clock);
    }

    /** A chat message with a chosen id, so tests can find its bytes in a queue file. */
    static Message chat(RoomId room, String id, long createdAt) {
        return new Message(MessageId.of(id), Scope.ROOM, room, null, Category.CHAT, Priority.LOW, null, 0,
                Payload.json("{\"text\":\"hello\"}"), createdAt, 0, null, 0, null, null);
    }

    /** Every message of {@code feed}, paging with cursors from the oldest retained. */
    static List<Message> readAll(MessageStore store, Feed feed) {
        List<Message> all = new ArrayList<>();
        Cursor cursor = Cursor.ORIGIN;
        while (true) {
            ReadResult read = store.readSince(feed, cursor, 500);
            all.addAll(read.messages());
            cursor = read.through();
            if (!read.more()) {
                return all;
            }
        }
    }

    static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.id().value()).toList();
    }
}
