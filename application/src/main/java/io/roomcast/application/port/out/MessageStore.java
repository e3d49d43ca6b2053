package io.roomcast.application.port.out;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Port: the durable log of messages, one stream per (room, category), per user and for
 * broadcasts. Every implementation passes {@code MessageStoreContract}.
 *
 * <p>Positions: {@link #append} gives each message a {@link Position} in its {@link Family}: a
 * room message in its room's sequence, a broadcast or unicast message in the platform's. Its
 * {@code seq} is unique and larger than every earlier one of the family, its {@code millis} never
 * goes back in the family, and its epoch names the sequence (a sequence started again has a new
 * one). There is no order across families but {@link Message#ORDER}; a reader's {@link Cursor}
 * holds one part per family.
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

    /**
     * Stores a batch, in order: each room message as {@link #append(Message, AdmissionPolicy)} would
     * (no budget when {@code policy} is null), every other message as {@link #append(Message)}.
     * Positions follow batch order, so one room's messages keep their order; an idempotency key
     * stored earlier, in this batch or before it, answers that first message as a duplicate.
     * Stores with a cheaper way to take many messages at once override this one-by-one default.
     *
     * @return one result per message, in batch order
     * @throws PartialBatchException when the store fails part way: the messages before the failing
     *                               one are handled as its {@code done()} says, none after it is stored
     * @throws IllegalArgumentException when a message is stored already (nothing of the batch is stored)
     */
    default List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
        requireUnstored(messages);
        List<AppendResult> results = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                results.add(message.scope() == Scope.ROOM && policy != null ? append(message, policy) : append(message));
            } catch (RoomcastException e) {
                throw new PartialBatchException(results, e);
            }
        }
        return results;
    }

    /**
     * Whether {@link #appendAll(List, AdmissionPolicy, Consumer)} hands off in position order for
     * every room across all callers (a store that writes on one thread of its own), so that its
     * caller needs no order of its own around the call; false: the caller keeps the order.
     */
    default boolean handsOffInOrder() {
        return false;
    }

    /**
     * {@link #appendAll(List, AdmissionPolicy)}, then {@code handOff} with the messages it stored
     * (not duplicates, not refused), in batch order, before it returns, also when it fails part way
     * (then with what it stored before the failure). A store whose {@link #handsOffInOrder} is true
     * calls {@code handOff} on its own thread in position order for every room across all callers;
     * this default calls it on the caller's thread, and concurrent callers may cross.
     */
    default List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy, Consumer<List<Message>> handOff) {
        List<AppendResult> results;
        try {
            results = appendAll(messages, policy);
        } catch (PartialBatchException e) {
            handOffFresh(e.done(), handOff);
            throw e;
        }
        handOffFresh(results, handOff);
        return results;
    }

    /** Calls {@code handOff} with the messages of {@code results} stored for the first time, unless there is none. */
    static void handOffFresh(List<? extends AppendResult> results, Consumer<List<Message>> handOff) {
        List<Message> fresh = new ArrayList<>(results.size());
        for (AppendResult result : results) {
            if (result instanceof AppendResult.Stored stored && !stored.duplicate()) {
                fresh.add(stored.stored());
            }
        }
        if (!fresh.isEmpty()) {
            handOff.accept(fresh);
        }
    }

    /** Fails, before anything is stored, when a message of {@code messages} is stored already. */
    static void requireUnstored(List<Message> messages) {
        for (Message message : messages) {
            if (message.isStored()) {
                throw new IllegalArgumentException("message " + message.id() + " is already stored");
            }
        }
    }

    /**
     * The message stored earlier under {@code key}, if it is still remembered. Keys are unique per
     * family: {@code room} is the message's room for a room message, null for a broadcast or a
     * unicast message (a store of one node may keep them unique store-wide).
     */
    Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key);

    /**
     * Up to {@code max} messages of {@code feed} after {@code after} (each family after its part),
     * in {@link Message#ORDER}. A part of another epoch than its family's reads that family from the
     * oldest retained message, with a gap.
     */
    ReadResult readSince(Feed feed, Cursor after, int max);

    /**
     * The newest {@code max} messages of {@code feed}, in {@link Message#ORDER}; {@code through} is
     * the heads of the feed's families (as {@link #head}), read together with them.
     */
    ReadResult readLatest(Feed feed, int max);

    /**
     * Closes the slice {@code [fromMillis, toMillis)} of {@code room}'s guest feed (the room's messages
     * and the broadcasts, no unicast) and reads it. Closed: no message of the room's family or of the
     * platform's gets a position with millis below {@code toMillis} once this returns (a message stored
     * later is positioned at {@code toMillis} or after), and every message stored before with its
     * position's millis in the slice is read. So a slice read again gives the same messages, on any
     * node sharing the store, until retention removes one of them: then, and for a slice that ended
     * longer ago than the shortest retention age, it is {@link SliceRead#GONE}.
     *
     * @param max the most messages to read; a slice holding more is read by position, truncated
     */
    SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max);

    /** The newest version of every state key of {@code room} that is still retained, by position. */
    List<Message> latestStates(RoomId room);

    /**
     * The heads of {@code room}'s sequence and of the platform's: each part the epoch and the seq of
     * the family's newest message (seq 0 when it has none; epoch 0 when the store has not given the
     * family an epoch yet).
     */
    Cursor head(RoomId room);

    /** Releases connections and files; the store is unusable afterwards. */
    @Override
    void close();
}
