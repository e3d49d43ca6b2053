package io.roomcast.domain.policy;

import io.roomcast.domain.message.Priority;

/**
 * Rule state: one room's rate budget, a token bucket that refills at the policy's rate and holds
 * one second of it (or, for rates under a few messages per second, just enough for the lowest
 * level's share to admit one message). A message of level L is admitted only while the tokens left after it
 * stay above the part of the bucket reserved for the levels above L, so as the room heats up the
 * lowest levels are refused first. {@code CRITICAL} is admitted whatever the room's bucket holds (it
 * still spends a token), but from a bucket of its own at the policy's {@code CRITICAL} rate.
 *
 * <p>The Redis store runs the same arithmetic inside its append script ({@code append.lua}), with
 * the parameters from {@link AdmissionPolicy#capacity()}, {@link AdmissionPolicy#reserved} and
 * {@link AdmissionPolicy#criticalCapacity()}; {@code AdmissionContract} holds both to one table.
 *
 * <p>Not thread-safe: one room's budget is used under that room's lock.
 */
public final class RoomBudget {
    private final AdmissionPolicy policy;
    private final double capacity;
    private final double criticalCapacity;
    private double tokens;
    private double criticalTokens;
    private long lastMillis;

    RoomBudget(AdmissionPolicy policy, long nowMillis) {
        this.policy = policy;
        this.capacity = policy.capacity();
        this.tokens = capacity;
        this.criticalCapacity = policy.criticalCapacity() == 0 ? Double.POSITIVE_INFINITY : policy.criticalCapacity();
        this.criticalTokens = criticalCapacity;
        this.lastMillis = nowMillis;
    }

    public Outcome admit(Priority level, long nowMillis) {
        refill(nowMillis);
        if (level == Priority.CRITICAL) {
            if (criticalTokens < 1 - 1e-9) {
                return Outcome.discarded(DropReason.OVERLOAD);
            }
            criticalTokens -= 1;
            tokens = Math.max(0, tokens - 1);
            return Outcome.ACCEPTED;
        }
        if (tokens - 1 >= policy.reserved(level) - 1e-9) {
            tokens -= 1;
            return Outcome.ACCEPTED;
        }
        return Outcome.discarded(DropReason.OVERLOAD);
    }

    /** True when the bucket is full again: the room has been quiet long enough to forget. */
    public boolean isIdle(long nowMillis) {
        refill(nowMillis);
        return tokens >= capacity && criticalTokens >= criticalCapacity;
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * capacity / 1000.0);
            if (criticalCapacity != Double.POSITIVE_INFINITY) {
                criticalTokens = Math.min(criticalCapacity,
                        criticalTokens + (nowMillis - lastMillis) * criticalCapacity / 1000.0);
            }
            lastMillis = nowMillis;
        }
    }
}
