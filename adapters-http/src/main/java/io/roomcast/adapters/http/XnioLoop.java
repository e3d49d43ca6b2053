package io.roomcast.adapters.http;

import io.roomcast.application.port.out.TaskLoop;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/** An Undertow IO thread as the push core's {@link TaskLoop} (one per thread). Thread-safe, as the thread's queue. */
final class XnioLoop implements TaskLoop {
    private final XnioIoThread thread;

    XnioLoop(XnioIoThread thread) {
        this.thread = thread;
    }

    /** Whether the caller runs on this loop. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        XnioExecutor.Key key = thread.executeAfter(task, delayMillis, TimeUnit.MILLISECONDS);
        return key::remove;
    }
}
