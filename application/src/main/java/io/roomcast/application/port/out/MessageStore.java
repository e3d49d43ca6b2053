package io.roomcast.application.port.out;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Port: the durable log of messages, one stream per (room, category), per user and for
 * broadcasts. Every implementation passes {@code MessageStoreContract}.
 *
 * <p>Positions: {@link #append} gives each message a {@link Cursor} whose {@code seq} is unique
 * and larger than every earlier one in the whole store and whose {@code millis} never goes back.
 * Implementations are thread-safe. Failures to reach the backing service are
 * {@code RoomcastException}s with {@code STORE_UNAVAILABLE}, raised fast rather than hanging.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * Stores a message (not yet stored) and returns it at its position. A message whose
     * idempotency key was stored before (within retention) is not stored again: the first one is
     * returned, flagged as a duplicate.
     */
    AppendResult.Stored append(Message message);

    /**
     * Stores a room message if the room's budget admits it ({@code RoomBudget} under {@code policy},
     * at the message's {@code createdAt}), else refuses it with {@code OVERLOAD} and stores nothing.
     * The idempotency key is looked up first, so a retry spends no budget. A store shared by several
     * nodes (Redis) judges the budget of the room across all of them, in the same atomic step as the
     * store; a store of one node judges it in this JVM.
     *
     * @throws IllegalArgumentException when {@code message} is not a room message
     */
    AppendResult append(Message message, AdmissionPolicy policy);

    /** The message stored earlier under {@code key}, if it is still remembered. */
    Optional<Message> findByIdempotencyKey(IdempotencyKey key);

    /** Up to {@code max} messages of {@code feed} after {@code after}, oldest first. */
    ReadResult readSince(Feed feed, Cursor after, int max);

    /** The newest {@code max} messages of {@code feed}, oldest first; {@code through} is the newest. */
    ReadResult readLatest(Feed feed, int max);

    /** The newest version of every state key of {@code room} that is still retained, by position. */
    List<Message> latestStates(RoomId room);

    /** The position of the newest message in the store, {@link Cursor#ORIGIN} when empty. */
    Cursor head();

    /** Releases connections and files; the store is unusable afterwards. */
    @Override
    void close();
}
