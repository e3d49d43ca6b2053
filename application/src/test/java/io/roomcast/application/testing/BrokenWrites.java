package io.roomcast.application.testing;

import io.roomcast.application.store.StoredMessages;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store's real storage, except that writes of messages of the rooms {@link #breakRoom}
 * names fail as a full disk would ({@code STORE_UNAVAILABLE}); everything else goes through.
 * For the store contract's failure-part-way case. Thread-safe.
 */
public final class BrokenWrites<R> implements StoredMessages<R> {
    private final StoredMessages<R> real;
    private final Set<RoomId> broken = ConcurrentHashMap.newKeySet();

    public BrokenWrites(StoredMessages<R> real) {
        this.real = real;
    }

    /** Every later write of a message of {@code room} fails. */
    public void breakRoom(RoomId room) {
        broken.add(room);
    }

    @Override
    public R write(Message stored) {
        if (stored.roomId() != null && broken.contains(stored.roomId())) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "storage refused the write of " + stored.id()
                    + " (broken for the test)");
        }
        return real.write(stored);
    }

    @Override
    public void indexed(R ref, long now) {
        real.indexed(ref, now);
    }

    @Override
    public Reader<R> reader() {
        return real.reader();
    }
}
