package io.roomcast.application.service;

import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.Outcome;
import io.roomcast.domain.policy.RoomBudget;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate budget of every room on this node. Thread-safe: each room's budget is used under its
 * own lock; budgets of rooms that went quiet (full again) are forgotten now and then so the map
 * holds only active rooms.
 */
final class RoomAdmissions {
    private static final int SWEEP_EVERY = 4_096;

    private final AdmissionPolicy policy;
    private final ConcurrentMap<RoomId, RoomBudget> budgets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    RoomAdmissions(AdmissionPolicy policy) {
        this.policy = policy;
    }

    Outcome admit(RoomId room, Priority level, long nowMillis) {
        if ((calls.incrementAndGet() & (SWEEP_EVERY - 1)) == 0) {
            sweep(nowMillis);
        }
        RoomBudget budget = budgets.computeIfAbsent(room, r -> policy.newBudget(nowMillis));
        synchronized (budget) {
            return budget.admit(level, nowMillis);
        }
    }

    private void sweep(long nowMillis) {
        budgets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().isIdle(nowMillis);
            }
        });
    }

    int trackedRooms() {
        return budgets.size();
    }
}
