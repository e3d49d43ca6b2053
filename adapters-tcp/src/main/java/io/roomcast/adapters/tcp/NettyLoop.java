package io.roomcast.adapters.tcp;

import io.netty.channel.EventLoop;
import io.roomcast.application.port.out.TaskLoop;
import java.util.concurrent.TimeUnit;

/**
 * An event loop as the push core's {@link TaskLoop}. A task the core runs here is followed at once by
 * {@code afterEachTask} (the loop's flush of what the task wrote), while the connections it wrote to
 * are still in the processor's cache, rather than after every other task already queued on the loop.
 * Thread-safe, as the loop itself.
 */
final class NettyLoop implements TaskLoop {
    final EventLoop loop;
    private final Runnable afterEachTask;

    NettyLoop(EventLoop loop, Runnable afterEachTask) {
        this.loop = loop;
        this.afterEachTask = afterEachTask;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            try {
                task.run();
            } finally {
                afterEachTask.run();
            }
        });
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        io.netty.util.concurrent.ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
