package io.roomcast.domain.policy;

import io.roomcast.domain.error.RoomcastException;
import java.util.Comparator;
import java.util.List;

/**
 * Rule: how often a viewer polls and how much one poll returns. The interval grows with the
 * room's size (the seed: 1.5 s under 100 viewers, 2 s over 1,000); a step applies from its
 * {@code minOnline} upward.
 */
public record PollingPolicy(List<Step> steps, int defaultLimit, int maxLimit) {

    /** From {@code minOnline} viewers on, poll every {@code intervalMillis}. */
    public record Step(int minOnline, long intervalMillis) {
        public Step {
            if (minOnline < 0 || intervalMillis <= 0) {
                throw new IllegalArgumentException("bad polling step: " + minOnline + " viewers, " + intervalMillis + " ms");
            }
        }
    }

    public static final List<Step> DEFAULT_STEPS = List.of(
            new Step(0, 1_500), new Step(100, 1_750), new Step(1_000, 2_000));

    public PollingPolicy {
        steps = steps.stream().sorted(Comparator.comparingInt(Step::minOnline)).toList();
        if (steps.isEmpty() || steps.get(0).minOnline() != 0) {
            throw new IllegalArgumentException("polling steps must start at 0 viewers: " + steps);
        }
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("need 1 <= defaultLimit <= maxLimit: " + defaultLimit + ", " + maxLimit);
        }
    }

    /** 1.5 s / 1.75 s / 2 s by room size; 15 messages per poll, at most 100. */
    public static PollingPolicy defaults() {
        return new PollingPolicy(DEFAULT_STEPS, 15, 100);
    }

    public long pollAfterMillis(int online) {
        long interval = steps.get(0).intervalMillis();
        for (Step step : steps) {
            if (online >= step.minOnline()) {
                interval = step.intervalMillis();
            }
        }
        return interval;
    }

    /** The limit for a poll: the default when none was asked; out of range is a clear error. */
    public int limit(Integer requested) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > maxLimit) {
            throw RoomcastException.invalid("limit", "must be between 1 and " + maxLimit + ", got " + requested);
        }
        return requested;
    }
}
