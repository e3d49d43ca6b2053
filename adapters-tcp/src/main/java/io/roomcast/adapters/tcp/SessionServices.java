package io.roomcast.adapters.tcp;

import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PushUseCase;
import java.util.concurrent.Executor;

/**
 * What every session of a server shares: settings, the session use case (Hello, token checks, Join/Leave...), the push core, each loop's
 * output, meters, and the executor for work that may block (token checks), which must never run on
 * an event loop, and the node's outbound budget (null: none, in tests). Immutable; each part is
 * thread-safe.
 */
record SessionServices(
        TcpConfig config,
        OpenSessionUseCase sessions,
        PushUseCase push,
        LoopOutputs outputs,
        TcpMetrics metrics,
        Executor blocking,
        OutboundBudget budget) {
}
