package io.roomcast.application.push;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.HostCpu;
import io.roomcast.application.port.out.TaskLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the push loops' load for the {@link AdaptiveWindow}, every {@link #TICK_MILLIS}: how late a
 * probe task ran on each loop (a probe that has not run yet counts from when it was given), how
 * many handed blocks viewers had to hold ({@link #counted}, from each loop's delivery), and how busy
 * the machine's processors were.
 *
 * <p>Thread-safe: {@link #counted} is called from every loop; the tick runs on the first loop.
 */
final class LoadWatch {
    static final long TICK_MILLIS = 100;

    private final Clock clock;
    private final HostCpu cpu;
    private final AdaptiveWindow window;
    private final LongAdder offered = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final List<Probe> probes = new ArrayList<>();
    private TaskLoop ticker;
    private TaskLoop.Timer timer;
    private boolean stopped;
    /** The processors' busy share, smoothed over about half a second (a reading per tick is coarse). */
    private double cpuBusy = -1;

    LoadWatch(Clock clock, HostCpu cpu, AdaptiveWindow window) {
        this.clock = clock;
        this.cpu = cpu;
        this.window = window;
    }

    /** Starts watching {@code loops}, ticking on the first. */
    synchronized void start(Collection<? extends TaskLoop> loops) {
        for (TaskLoop loop : loops) {
            probes.add(new Probe(loop));
        }
        ticker = probes.get(0).loop;
        schedule();
    }

    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** One delivery of a block to {@code viewers} viewers, of which {@code holding} had to hold it. */
    void counted(int viewers, int holding) {
        offered.add(viewers);
        if (holding > 0) {
            held.add(holding);
        }
    }

    private synchronized void schedule() {
        if (stopped) {
            return;
        }
        try {
            timer = ticker.schedule(this::tick, TICK_MILLIS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    private void tick() {
        long now = clock.millis();
        long lag = 0;
        for (Probe probe : probes) {
            lag = Math.max(lag, probe.lagAndResend(now));
        }
        double busy = cpu.busy();
        cpuBusy = busy < 0 ? -1 : cpuBusy < 0 ? busy : 0.7 * cpuBusy + 0.3 * busy;
        window.observe(now, lag, offered.sumThenReset(), held.sumThenReset(), cpuBusy);
        schedule();
    }

    /** One loop's probe: at most one waits on the loop at a time. */
    private final class Probe {
        private static final long NONE = Long.MIN_VALUE;

        final TaskLoop loop;
        private final AtomicLong givenAt = new AtomicLong(NONE);
        private final AtomicLong lastLag = new AtomicLong();

        Probe(TaskLoop loop) {
            this.loop = loop;
        }

        long lagAndResend(long now) {
            long waiting = givenAt.get();
            if (waiting != NONE) {
                return now - waiting;
            }
            long lag = lastLag.getAndSet(0);
            givenAt.set(now);
            try {
                loop.execute(this::ran);
            } catch (RejectedExecutionException e) {
                givenAt.set(NONE);
            }
            return lag;
        }

        private void ran() {
            long given = givenAt.getAndSet(NONE);
            if (given != NONE) {
                lastLag.set(clock.millis() - given);
            }
        }
    }
}
