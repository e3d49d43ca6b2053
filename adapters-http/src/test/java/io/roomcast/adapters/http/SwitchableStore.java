package io.roomcast.adapters.http;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.message.RoomId;
import java.util.List;
import java.util.Optional;

/** A real store that a test can take down: while down, every call fails with STORE_UNAVAILABLE. */
final class SwitchableStore implements MessageStore {
    private final MessageStore store;
    private volatile boolean down;

    SwitchableStore(MessageStore store) {
        this.store = store;
    }

    void down(boolean isDown) {
        this.down = isDown;
    }

    private void check() {
        if (down) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "store: connection refused");
        }
    }

    @Override
    public AppendResult.Stored append(Message message) {
        check();
        return store.append(message);
    }

    @Override
    public AppendResult append(Message message, AdmissionPolicy policy) {
        check();
        return store.append(message, policy);
    }

    @Override
    public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
        check();
        return store.findByIdempotencyKey(room, key);
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        check();
        return store.readSince(feed, after, max);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        check();
        return store.readLatest(feed, max);
    }

    @Override

    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

        check();

        return store.closeSlice(room, fromMillis, toMillis, max);

    }


    @Override
    public List<Message> latestStates(RoomId room) {
        check();
        return store.latestStates(room);
    }

    @Override
    public Cursor head(RoomId room) {
        check();
        return store.head(room);
    }

    @Override
    public void close() {
        store.close();
    }
}
