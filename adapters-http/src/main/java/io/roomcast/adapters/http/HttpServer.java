package io.roomcast.adapters.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.MarkPollerPresentUseCase;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.DeliveryRules;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Undertow server of the HTTP API: publishing, short polling, endpoint allocation, WebSocket
 * viewers, room stats, health and metrics (the routes are listed in {@link Router}). Building one opens
 * nothing; {@link #start} listens, {@link #stop} lets requests in flight finish (up to
 * {@value #DRAIN_MILLIS} ms) and closes. Thread-safe; may be started again after a stop.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    static final long DRAIN_MILLIS = 5_000;
    private static final int IDLE_CONNECTION_MILLIS = 60_000;

    private final HttpConfig config;
    private final HttpLimits limits;
    private final HttpHandler routes;
    private final WebSocketEndpoint webSockets;
    private Undertow undertow;
    private GracefulShutdownHandler graceful;

    /** With the default {@link HttpLimits}. */
    public HttpServer(HttpConfig config, PublishMessageUseCase publish, PollRoomUseCase poll,
                      ReadSliceUseCase slices, MarkPollerPresentUseCase presence, GetRoomStatsUseCase stats,
                      UserTokens tokens, MessageStore store, DeliveryRules rules, Clock clock,
                      PrometheusMeterRegistry registry, AllocateEndpointUseCase endpoints, OpenSessionUseCase sessions) {
        this(config, HttpLimits.defaults(), publish, poll, slices, presence, stats, tokens, store, rules, clock, registry,
                endpoints, sessions);
    }

    @Inject
    public HttpServer(HttpConfig config, HttpLimits limits, PublishMessageUseCase publish, PollRoomUseCase poll,
                      ReadSliceUseCase slices, MarkPollerPresentUseCase presence, GetRoomStatsUseCase stats, UserTokens tokens,
                      MessageStore store, DeliveryRules rules, Clock clock, PrometheusMeterRegistry registry,
                      AllocateEndpointUseCase endpoints, OpenSessionUseCase sessions) {
        this.config = Objects.requireNonNull(config, "config");
        this.limits = Objects.requireNonNull(limits, "limits");
        HttpMetrics metrics = new HttpMetrics(registry);
        ClientLimits clients = new ClientLimits(limits, Objects.requireNonNull(clock, "clock"));
        this.webSockets = new WebSocketEndpoint(Objects.requireNonNull(sessions, "sessions"), new WebSocketMetrics(registry));
        HttpHandler ops = new OnWorker(Guards.apiKey(clients, new OpsHandler(new Credentials(config.apiKeys()), stats, registry)));
        this.routes = Cors.wrap(config.corsOrigins(), new BrowserPages(ops, new Router(
                Guards.publish(clients, limits.bodyTimeoutMs(),
                        new PublishHandler(new Credentials(config.apiKeys()), new PublishRequests(rules.maxPayloadBytes()),
                                Objects.requireNonNull(publish, "publish"), metrics, config.maxBodyBytes())),
                // Answers guests' kept answers on the IO thread and dispatches the rest itself.
                Guards.poll(clients, new PollHandler(Objects.requireNonNull(poll, "poll"),
                        Objects.requireNonNull(presence, "presence"), Objects.requireNonNull(tokens, "tokens"),
                        rules.polling(), clock, new PollAnswers(config.pollCacheMs()), metrics)),
                // Closed slices and heads kept in memory go out on the IO thread; reads are dispatched.
                Guards.poll(clients, new SliceHandler(Objects.requireNonNull(slices, "slices"), clock,
                        new SliceAnswers(config.pollCacheMs()), metrics)),
                new OnWorker(new RoomStatsHandler(Objects.requireNonNull(stats, "stats"))),
                new OnWorker(new EndpointHandler(tokens, Objects.requireNonNull(endpoints, "endpoints"), config.heartbeatMs())),
                webSockets,
                new OnWorker(AdminHandlers.health(Objects.requireNonNull(store, "store"))),
                new OnWorker(AdminHandlers.metrics(Objects.requireNonNull(registry, "registry"))),
                metrics)));
    }

    /** Listens on the configured host and port; fails with the reason when it cannot. */
    public synchronized void start() {
        if (undertow != null) {
            throw new IllegalStateException("the HTTP server is already started");
        }
        GracefulShutdownHandler drain = new GracefulShutdownHandler(routes);
        Undertow server = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(config.ioThreads())
                .setWorkerThreads(config.workerThreads())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, PublishHandler.connectionLimit(config.maxBodyBytes()))
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_CONNECTION_MILLIS)
                // Slow clients: headers stalled or trickled past the timeout are cut here; a publish body by
                // the route's deadline (Guards.publish), however it trickles.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, limits.headerTimeoutMs())
                .setHandler(drain)
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            try {
                server.stop();
            } catch (RuntimeException ignored) {
                // Nothing more to release: the start failed before or while binding.
            }
            throw new IllegalStateException("cannot start HTTP on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
        undertow = server;
        graceful = drain;
        LOG.info("HTTP API listening on {}:{}", config.host(), port());
    }

    /**
     * Drains the WebSocket viewers: no new ones; GoAway to each (jittered up to {@code maxDelayMs}),
     * closed once written; what is still open after {@code graceMillis} is closed. Before the push
     * path stops, so that they are told rather than cut. Does nothing when not started.
     */
    public void drainWebSockets(long maxDelayMs, long graceMillis) {
        webSockets.goAway(maxDelayMs, graceMillis);
    }

    /** WebSocket viewers connected now. */
    public int webSocketConnections() {
        return webSockets.connections();
    }

    /** Stops taking requests, waits for those in flight, closes. Does nothing when not started. */
    public synchronized void stop() {
        if (undertow == null) {
            return;
        }
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(DRAIN_MILLIS)) {
                LOG.warn("HTTP requests still in flight after {} ms; closing anyway", DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        undertow = null;
        graceful = null;
        LOG.info("HTTP API stopped");
    }

    /** The port listened on (the one picked when the configured port is 0). */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }
}
