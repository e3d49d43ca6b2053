package io.roomcast.application.memory;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.store.MessageIndex;
import io.roomcast.application.store.RoomAdmissions;
import io.roomcast.application.store.StoredMessages;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The store kept in this JVM's heap: for tests, for {@code --store=memory}, and as the reference
 * the other stores are held to by {@code MessageStoreContract}. Nothing survives a restart. Its
 * {@link MessageIndex} holds the messages themselves ({@link MessageList}). It never sweeps ended
 * rooms (DECISIONS.md: Redis is compared with it answer for answer).
 *
 * <p>Thread-safe, as {@link MessageIndex} is: a position becomes visible only together with every
 * earlier one, and a reader that continues from a cursor can never skip a message.
 */
public final class InMemoryMessageStore implements MessageStore {
    /** The heap is where the messages are: a message is its own ref, always readable. */
    static final StoredMessages<Message> HEAP = new StoredMessages<>() {
        private final Reader<Message> reader = new Reader<>() {
            @Override
            public Message read(Message ref) {
                return ref;
            }

            @Override
            public void close() {
            }
        };

        @Override
        public Message write(Message stored) {
            return stored;
        }

        @Override
        public Reader<Message> reader() {
            return reader;
        }
    };

    private final MessageIndex<MessageList, Message> index;
    private final RoomAdmissions admissions = new RoomAdmissions();

    public InMemoryMessageStore(Retention retention, Clock clock) {
        this(retention, clock, HEAP);
    }

    /** With {@code heap} standing for the heap (tests wrap {@link #HEAP} to make writes fail). */
    InMemoryMessageStore(Retention retention, Clock clock, StoredMessages<Message> heap) {
        // A random id: every store has its own epochs, so a cursor of another (or an earlier) store resets.
        this.index = new MessageIndex<>(retention, clock, MessageList::new, heap, new SecureRandom().nextLong());
    }

    @Override
    public AppendResult.Stored append(Message message) {
        return index.append(message);
    }

    @Override
    public AppendResult append(Message message, AdmissionPolicy policy) {
        return admissions.append(message, policy, index, index::append);
    }

    /** One hold of the index's write lock for the whole batch. */
    @Override
    public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
        return admissions.appendAll(messages, policy, index, index::appendAll);
    }

    @Override
    public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
        return index.findByIdempotencyKey(key);
    }

    @Override
    public ReadResult readSince(Feed feed, Cursor after, int max) {
        return index.readSince(feed, after, max);
    }

    @Override
    public ReadResult readLatest(Feed feed, int max) {
        return index.readLatest(feed, max);
    }

    @Override

    public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

        return index.closeSlice(room, fromMillis, toMillis, max);

    }


    @Override
    public List<Message> latestStates(RoomId room) {
        return index.latestStates(room);
    }

    @Override
    public Cursor head(RoomId room) {
        return index.head(room);
    }

    @Override
    public void close() {
        index.close();
    }
}
