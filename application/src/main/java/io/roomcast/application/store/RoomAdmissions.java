package io.roomcast.application.store;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Outcome;
import io.roomcast.domain.policy.RoomBudget;
import java.util.Optional;
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
