package io.roomcast.client;

import io.netty.channel.EventLoop;
import io.roomcast.protocol.v1.GoAway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a {@link LongConnectionClient} connects next: the endpoints, tried in turn; the
 * backoff attempt count (reset by a Welcome); a GoAway's delay and endpoints; the pending timer.
 *
 * <p>Not thread-safe: after construction it is used only on the client's event loop.
 */
final class Reconnects {
    private final EventLoop loop;
    private final Backoff backoff;
    private List<Endpoint> endpoints;
    private int endpointIndex;
    private int attempt;
    private GoAway goAway;
    private ScheduledFuture<?> timer;

    Reconnects(EventLoop loop, Backoff backoff, List<Endpoint> endpoints) {
        this.loop = loop;
        this.backoff = backoff;
        this.endpoints = List.copyOf(endpoints);
    }

    /** The endpoint the next attempt goes to. */
    Endpoint target() {
        return endpoints.get(Math.floorMod(endpointIndex, endpoints.size()));
    }

    /** The next attempt goes to the following endpoint. */
    void skipEndpoint() {
        endpointIndex++;
    }

    /** A session opened: backoff starts over, and the GoAway (if any) is spent. */
    void sessionOpened() {
        attempt = 0;
        goAway = null;
    }

    /** The server is going away: the next delay is its {@code reconnectAfterMs}, to the endpoints it named (if any). */
    void goAway(GoAway value) {
        goAway = value;
        if (value.getEndpointsCount() > 0) {
            List<Endpoint> next = new ArrayList<>();
            value.getEndpointsList().forEach(e -> next.add(Endpoint.parse(e)));
            endpoints = List.copyOf(next);
            endpointIndex = 0;
        }
    }

    /** The delay before the next attempt after a failed connect: backoff. */
    long afterFailedConnect() {
        return backoff.delayMillis(attempt++);
    }

    /** The delay before the next attempt after a lost connection: the GoAway's, else backoff. */
    long afterDisconnect() {
        if (goAway != null) {
            long delay = goAway.getReconnectAfterMs();
            goAway = null;
            return delay;
        }
        return backoff.delayMillis(attempt++);
    }

    /** Runs {@code connect} on the loop after {@code delayMillis}, replacing any pending attempt. */
    void schedule(Runnable connect, long delayMillis) {
        cancel();
        timer = loop.schedule(connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The scheduled attempt is running (or a connect was started another way): nothing is pending. */
    void fired() {
        timer = null;
    }

    boolean pending() {
        return timer != null;
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
