package io.roomcast.application.push;

import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.testing.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Deterministic loops for the push core's tests: each {@link Loop} is a queue of tasks run by
 * {@link #runReady()}; timers fire when {@link #advance} moves the shared {@link ManualClock} past
 * them. Single-threaded: the test drives every loop.
 */
final class ManualLoops {
    private final ManualClock clock;
    private final List<Loop> loops = new ArrayList<>();
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::due).thenComparingLong(Scheduled::order));
    private long order;

    ManualLoops(ManualClock clock) {
        this.clock = clock;
    }

    private record Scheduled(long due, long order, Loop loop, Runnable task, boolean[] cancelled) {
    }

    /** One loop: tasks in order, timers against the manual clock. */
    final class Loop implements TaskLoop {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            boolean[] cancelled = new boolean[1];
            timers.add(new Scheduled(clock.millis() + Math.max(0, delayMillis), order++, this, task, cancelled));
            return () -> cancelled[0] = true;
        }
    }

    Loop newLoop() {
        Loop loop = new Loop();
        loops.add(loop);
        return loop;
    }

    /** Runs every queued task of every loop, and what they queue, until all are idle. */
    void runReady() {
        boolean ran;
        do {
            ran = false;
            for (Loop loop : loops) {
                Runnable task;
                while ((task = loop.tasks.poll()) != null) {
                    task.run();
                    ran = true;
                }
            }
        } while (ran);
    }

    /** Moves the clock on by {@code millis}, firing each timer at its time. */
    void advance(long millis) {
        long target = clock.millis() + millis;
        Scheduled next;
        while ((next = timers.peek()) != null && next.due() <= target) {
            timers.poll();
            if (next.due() > clock.millis()) {
                clock.set(next.due());
            }
            if (!next.cancelled()[0]) {
                next.loop().execute(next.task());
                runReady();
            }
        }
        clock.set(target);
        runReady();
    }
}
