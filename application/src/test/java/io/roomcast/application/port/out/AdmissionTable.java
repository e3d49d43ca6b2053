package io.roomcast.application.port.out;

import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.List;
import java.util.Map;

/**
 * The room budget as a table of scenarios: each is a policy and steps of "at this millisecond,
 * send this many messages of this level, so many are admitted". The domain {@code RoomBudget} and
 * every store's {@code append(message, policy)} (the Redis one runs {@code append.lua}) are held to
 * the same rows, so the rule and its Lua mirror cannot drift apart. Times are relative to the start
 * of the scenario; a store's runner adds its clock's start.
 */
public final class AdmissionTable {
    private AdmissionTable() {
    }

    /** At {@code atMillis}, {@code count} messages of {@code level}; {@code admitted} of them are admitted. */
    public record Step(long atMillis, Priority level, int count, int admitted) {
    }

    public record Scenario(String name, AdmissionPolicy policy, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }

        public int admitted() {
            return steps.stream().mapToInt(Step::admitted).sum();
        }
    }

    /** Admits or refuses one message of one room. */
    @FunctionalInterface
    public interface Admitter {
        boolean admit(Priority level, long atMillis);
    }

    private static Step at(long atMillis, Priority level, int count, int admitted) {
        return new Step(atMillis, level, count, admitted);
    }

    private static AdmissionPolicy rate(double perSecond, double criticalPerSecond) {
        return AdmissionPolicy.ofRate(perSecond).withCriticalRate(criticalPerSecond);
    }

    public static List<Scenario> scenarios() {
        Priority lowest = Priority.LOWEST;
        Priority low = Priority.LOW;
        Priority normal = Priority.NORMAL;
        Priority high = Priority.HIGH;
        Priority critical = Priority.CRITICAL;
        return List.of(
                new Scenario("a fresh room: LOWEST takes its half of the bucket", rate(10, 100),
                        List.of(at(0, lowest, 10, 5))),
                new Scenario("each level leaves what is kept for the levels above it", rate(10, 100),
                        List.of(at(0, lowest, 10, 5), at(0, low, 10, 2), at(0, normal, 10, 1),
                                at(0, high, 10, 2), at(0, high, 1, 0))),
                new Scenario("the bucket refills at the rate", rate(10, 100),
                        List.of(at(0, high, 12, 10), at(100, high, 5, 1), at(600, high, 10, 5))),
                new Scenario("a fraction of a token carries over", rate(10, 100),
                        List.of(at(0, high, 10, 10), at(50, high, 1, 0), at(100, high, 1, 1),
                                at(149, high, 1, 0), at(250, high, 2, 1))),
                new Scenario("never fuller than one second of the rate", rate(10, 100),
                        List.of(at(0, high, 10, 10), at(5_000, high, 20, 10))),
                new Scenario("a clock behind refills nothing", rate(10, 100),
                        List.of(at(1_000, high, 10, 10), at(500, high, 3, 0), at(1_100, high, 3, 1))),
                new Scenario("CRITICAL past an empty room bucket, up to its own rate", rate(10, 5),
                        List.of(at(0, high, 10, 10), at(0, critical, 10, 5), at(0, high, 1, 0))),
                new Scenario("CRITICAL spends the room's tokens too", rate(10, 100),
                        List.of(at(0, critical, 4, 4), at(0, high, 10, 6))),
                new Scenario("CRITICAL refills at its own rate", rate(1_000, 5),
                        List.of(at(0, critical, 10, 5), at(200, critical, 5, 1), at(1_200, critical, 9, 5))),
                new Scenario("CRITICAL without a limit", rate(10, 0),
                        List.of(at(0, critical, 300, 300), at(0, high, 1, 0))),
                new Scenario("a CRITICAL rate under one holds one token", rate(10, 0.5),
                        List.of(at(0, critical, 2, 1), at(500, critical, 1, 0), at(1_000, critical, 1, 1))),
                new Scenario("a very low rate still lets LOWEST in once", rate(1, 100),
                        List.of(at(0, lowest, 3, 1), at(0, high, 3, 1), at(1_000, lowest, 3, 1))),
                new Scenario("rates that are not round numbers", rate(333.3, 7.7),
                        List.of(at(0, normal, 300, 283), at(7, normal, 10, 2), at(7, critical, 9, 7),
                                at(133, critical, 2, 1), at(133, high, 60, 60))),
                new Scenario("custom shares: LOW may use the whole bucket", new AdmissionPolicy(20,
                        Map.of(lowest, 0.25, low, 1.0, normal, 1.0, high, 1.0), 100),
                        List.of(at(0, lowest, 10, 5), at(0, low, 20, 15))));
    }

    /** Runs {@code scenario} through {@code admitter} and returns how many each step admitted. */
    public static List<Integer> run(Scenario scenario, Admitter admitter) {
        return scenario.steps().stream().map(step -> {
            int admitted = 0;
            for (int i = 0; i < step.count(); i++) {
                admitted += admitter.admit(step.level(), step.atMillis()) ? 1 : 0;
            }
            return admitted;
        }).toList();
    }

    /** What each step of {@code scenario} should admit. */
    public static List<Integer> expected(Scenario scenario) {
        return scenario.steps().stream().map(Step::admitted).toList();
    }
}
