package io.roomcast.adapters.tcp;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;

/** The {@link LoopOutput} of each event loop of a server, made on first use. Thread-safe. */
final class LoopOutputs {
    private final ConcurrentMap<EventLoop, LoopOutput> outputs = new ConcurrentHashMap<>();

    LoopOutput of(EventLoop loop) {
        return outputs.computeIfAbsent(loop, LoopOutput::new);
    }

    /** The node's outbound budget has room again: every loop wakes the connections that waited for it. */
    void budgetRecovered() {
        for (LoopOutput output : outputs.values()) {
            try {
                output.loop.execute(output::wakeWaiting);
            } catch (RejectedExecutionException e) {
                // The loop is gone, and its connections with it.
            }
        }
    }

    /** Releases every loop's kept frames, on its loop (or here once the loop is gone). */
    void clear() {
        for (LoopOutput output : outputs.values()) {
            try {
                output.loop.execute(output::clear);
            } catch (RejectedExecutionException e) {
                output.clear();
            }
        }
    }
}
