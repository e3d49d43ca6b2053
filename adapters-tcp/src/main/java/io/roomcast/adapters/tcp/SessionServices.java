package io.roomcast.adapters.tcp;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.policy.PriorityPick;
import java.util.concurrent.Executor;

/**
 * What every session of a server shares: settings, ports, the fan-out, meters, and the executor
 * for work that may block (token checks, store reads), which must never run on an event loop.
 * Immutable; each part is thread-safe.
 */
record SessionServices(
        TcpConfig config,
        UserTokens tokens,
        ResumeReader resume,
        RoomDirectory directory,
        Clock clock,
        PriorityPick pick,
        RoomFanout fanout,
        TcpMetrics metrics,
        Executor blocking) {
}
