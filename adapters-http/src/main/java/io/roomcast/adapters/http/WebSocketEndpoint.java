package io.roomcast.adapters.http;

import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

/**
 * {@code GET /api/v1/ws}: the WebSocket transport of viewer sessions (RFC 6455, subprotocols
 * {@value WebSocketFrames#BINARY} (the default) and {@value WebSocketFrames#JSON}, see
 * {@link WebSocketFrames}). Each upgraded connection is a {@link WebSocketViewer} over a session of
 * the {@link OpenSessionUseCase}, on its IO thread. Over the sessions' connection limit a new
 * connection is told {@code Error{OVERLOADED}} and closed (1013). Without the push path (long
 * connections off) the route answers 404.
 *
 * <p>Thread-safe: the open connections are a concurrent set; {@link #goAway} runs each on its IO thread.
 */
final class WebSocketEndpoint implements HttpHandler, WebSocketConnectionCallback {
    private final OpenSessionUseCase sessions;
    private final WebSocketMetrics metrics;
    private final WebSocketProtocolHandshakeHandler handshake;
    private final ConcurrentMap<XnioIoThread, XnioLoop> loops = new ConcurrentHashMap<>();
    private final Set<WebSocketViewer> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean draining;

    WebSocketEndpoint(OpenSessionUseCase sessions, WebSocketMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.handshake = new WebSocketProtocolHandshakeHandler(
                List.of(new Hybi13Handshake(Set.of(WebSocketFrames.BINARY, WebSocketFrames.JSON), false)), this);
        metrics.connections(count::get);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!sessions.available()) {
            throw HttpProblem.off("WebSocket viewers need the push path, which is off on this node (tcp.enabled=false)");
        }
        if (draining) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "this node is shutting down; connect to another");
        }
        handshake.handleRequest(exchange);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        SessionSettings settings = sessions.settings();
        XnioIoThread thread = channel.getIoThread();
        XnioLoop loop = loops.computeIfAbsent(thread, XnioLoop::new);
        WebSocketViewer viewer = new WebSocketViewer(channel, loop, settings, metrics);
        if (count.incrementAndGet() > settings.maxConnections() || draining) {
            count.decrementAndGet();
            metrics.refused(SessionErrors.OVERLOADED);
            viewer.refuse(SessionErrors.OVERLOADED, "this node holds its maximum of " + settings.maxConnections()
                    + " WebSocket connections; try again later or elsewhere");
            return;
        }
        ViewerSession session = sessions.open(loop, viewer, channel.getWorker());
        open.add(viewer);
        channel.addCloseTask(c -> {
            if (open.remove(viewer)) {
                count.decrementAndGet();
            }
        });
        viewer.start(session);
    }

    /** WebSocket connections held now. */
    int connections() {
        return count.get();
    }

    /**
     * Drains: no new connections; every open one is sent GoAway (a delay jittered up to
     * {@code maxDelayMs}, no endpoints: a browser comes back to the URL it used) and closed once it is
     * written; what is still open after {@code graceMillis} is closed.
     */
    void goAway(long maxDelayMs, long graceMillis) {
        draining = true;
        for (WebSocketViewer viewer : open) {
            long delay = ThreadLocalRandom.current().nextLong(maxDelayMs + 1);
            try {
                viewer.loop().execute(() -> viewer.session().goAway(delay, List.of()));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                viewer.abort();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (WebSocketViewer viewer : open) {
            viewer.abort();
        }
    }
}
