package io.roomcast.application.testing;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.List;
import java.util.Optional;

/** A store that hands every call to a real one; tests override the calls they watch or break. */
public abstract class ForwardingMessageStore implements MessageStore {
    protected final MessageStore store;

    protected ForwardingMessageStore(MessageStore store) {
        this.store = store;
    }

    @Override
    public AppendResult.Stored append(Message message) {
        return store.append(message);
    }

    @Override
    public AppendResult append(Message message, AdmissionPolicy policy) {
        return store.append(message, policy);
    }

    @Override
    public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
        return store.findByIdempotencyKey(room, key);
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        return store.readSince(feed, after, max);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        return store.readLatest(feed, max);
    }

    @Override

    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

        return store.closeSlice(room, fromMillis, toMillis, max);

    }


    @Override
    public List<Message> latestStates(RoomId room) {
        return store.latestStates(room);
    }

    @Override
    public Cursor head(RoomId room) {
        return store.head(room);
    }

    @Override
    public void close() {
        store.close();
    }
}
