package io.roomcast.application.store;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Outcome;
import io.roomcast.domain.policy.RoomBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The rate budget of every room of a store that serves one node (memory, Chronicle): the domain
 * {@link RoomBudget}, judged in this JVM before the append. A room's budget is made from the policy
 * of its first admission and kept until the room is quiet again.
 *
 * <p>Thread-safe: each room's budget is used under its own lock; budgets of rooms that went quiet
 * (full again) are forgotten now and then so the map holds only active rooms.
 */
public final class RoomAdmissions {
    private static final int SWEEP_EVERY = 4_096;

    private final ConcurrentMap<RoomId, RoomBudget> budgets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /**
     * {@code MessageStore.append(message, policy)} for a store whose idempotency keys {@code index}
     * holds: a remembered key answers the first message without spending budget; otherwise the
     * room's budget decides, at the message's {@code createdAt}, and {@code store} appends what it admits.
     */
    public AppendResult append(Message message, AdmissionPolicy policy, MessageIndex<?, ?> index,
                               Function<Message, AppendResult.Stored> store) {
        if (message.scope() != Scope.ROOM) {
            throw new IllegalArgumentException("only room messages have a room budget: " + message.id());
        }
        if (message.idempotencyKey() != null) {
            Optional<Message> first = index.findByIdempotencyKey(message.idempotencyKey());
            if (first.isPresent()) {
                return new AppendResult.Stored(first.get(), true);
            }
        }
        Outcome outcome = admit(message, policy);
        if (outcome instanceof Outcome.Discarded discarded) {
            return new AppendResult.Refused(discarded.reason());
        }
        return store.apply(message);
    }

    /**
     * {@code MessageStore.appendAll} for a store whose idempotency keys {@code index} holds: every
     * room message is judged as {@link #append} judges it (no budget when {@code policy} is null; a
     * key stored before, or admitted earlier in this batch, spends none), then {@code store} appends
     * everything admitted in one call, in batch order. A {@link PartialBatchException} from
     * {@code store} comes back with the results of the whole batch before the failing message.
     */
    public List<AppendResult> appendAll(List<Message> batch, AdmissionPolicy policy, MessageIndex<?, ?> index,
                                        Function<List<Message>, List<AppendResult.Stored>> store) {
        MessageStore.requireUnstored(batch);
        AppendResult[] results = new AppendResult[batch.size()];
        List<Message> admitted = new ArrayList<>(batch.size());
        Set<IdempotencyKey> admittedKeys = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.get(i);
            IdempotencyKey key = message.idempotencyKey();
            Optional<Message> first = key == null || admittedKeys.contains(key)
                    ? Optional.empty() : index.findByIdempotencyKey(key);
            if (first.isPresent()) {
                results[i] = new AppendResult.Stored(first.get(), true);
                continue;
            }
            boolean judged = policy != null && message.scope() == Scope.ROOM && (key == null || !admittedKeys.contains(key));
            if (judged && admit(message, policy) instanceof Outcome.Discarded discarded) {
                results[i] = new AppendResult.Refused(discarded.reason());
                continue;
            }
            if (key != null) {
                admittedKeys.add(key);
            }
            admitted.add(message);
        }
        List<AppendResult.Stored> stored;
        try {
            stored = admitted.isEmpty() ? List.of() : store.apply(admitted);
        } catch (PartialBatchException e) {
            throw new PartialBatchException(merge(results, e.done()), (RoomcastException) e.getCause());
        }
        return merge(results, stored);
    }

    /** The batch's results in order: the refusals and duplicates found here, the store's for the rest, up to the first it lacks. */
    private static List<AppendResult> merge(AppendResult[] judged, List<? extends AppendResult> stored) {
        List<AppendResult> merged = new ArrayList<>(judged.length);
        int next = 0;
        for (AppendResult result : judged) {
            if (result != null) {
                merged.add(result);
            } else if (next < stored.size()) {
                merged.add(stored.get(next++));
            } else {
                break;
            }
        }
        return merged;
    }

    private Outcome admit(Message message, AdmissionPolicy policy) {
        long now = message.createdAt();
        if ((calls.incrementAndGet() & (SWEEP_EVERY - 1)) == 0) {
            sweep(now);
        }
        RoomBudget budget = budgets.computeIfAbsent(message.roomId(), r -> policy.newBudget(now));
        synchronized (budget) {
            return budget.admit(message.priority(), now);
        }
    }

    private void sweep(long nowMillis) {
        budgets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().isIdle(nowMillis);
            }
        });
    }

    /** Rooms whose budget is held now (for tests). */
    int trackedRooms() {
        return budgets.size();
    }
}
