package io.roomcast.adapters.tcp;

import io.netty.channel.EventLoop;
import io.roomcast.application.port.out.TaskLoop;
import java.util.concurrent.TimeUnit;

/** An event loop as the push core's {@link TaskLoop}. Thread-safe, as the loop itself. */
final class NettyLoop implements TaskLoop {
    final EventLoop loop;

    NettyLoop(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        io.netty.util.concurrent.ScheduledFuture<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
