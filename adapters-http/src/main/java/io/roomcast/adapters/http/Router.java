package io.roomcast.adapters.http;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * The routes, matched by plain string comparison (no patterns) on the IO thread:
 * <pre>
 *   POST /api/v1/messages                  publish (one or a batch)
 *   GET  /api/v1/rooms/{roomId}/messages   short poll
 *   GET  /api/v1/rooms/{roomId}/slices     where the room's slices stand (the head)
 *   GET  /api/v1/rooms/{roomId}/slices/{n} one closed slice of the room's guest feed
 *   GET  /api/v1/rooms/{roomId}            room stats
 *   GET  /api/v1/endpoint?roomId=          where to open a long connection
 *   GET  /api/v1/ws                        a viewer session over WebSocket
 *   GET  /health, GET /metrics
 * </pre>
 * An unknown path is 404, a known path with another method 405 with {@code Allow}. Every
 * request is timed under its route. Failures thrown by a route's handler on this thread become
 * error answers here. Thread-safe.
 */
final class Router implements HttpHandler {
    static final String MESSAGES = "/api/v1/messages";
    static final String ROOMS = "/api/v1/rooms/";
    static final String POLL_SUFFIX = "/messages";
    static final String ENDPOINT = "/api/v1/endpoint";
    static final String WS = "/api/v1/ws";
    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";

    /** A route: its one method, its handler and the listener that times it. */
    record Route(HttpString method, HttpHandler handler, ExchangeCompletionListener timing) {
    }

    private final Route publish;
    private final Route poll;
    private final Route sliceHead;
    private final Route slice;
    private final Route stats;
    private final Route endpoint;
    private final Route ws;
    private final Route health;
    private final Route metrics;
    private final ExchangeCompletionListener unmatched;

    Router(HttpHandler publish, HttpHandler poll, HttpHandler slices, HttpHandler stats, HttpHandler endpoint,
           HttpHandler ws, HttpHandler health, HttpHandler metrics, HttpMetrics meters) {
        this.publish = new Route(Methods.POST, publish, meters.timing(MESSAGES));
        this.poll = new Route(Methods.GET, poll, meters.timing(ROOMS + "{roomId}" + POLL_SUFFIX));
        this.sliceHead = new Route(Methods.GET, slices, meters.timing(ROOMS + "{roomId}" + SliceHandler.SLICES));
        this.slice = new Route(Methods.GET, slices, meters.timing(ROOMS + "{roomId}" + SliceHandler.SLICES + "/{n}"));
        this.stats = new Route(Methods.GET, stats, meters.timing(ROOMS + "{roomId}"));
        this.endpoint = new Route(Methods.GET, endpoint, meters.timing(ENDPOINT));
        this.ws = new Route(Methods.GET, ws, meters.timing(WS));
        this.health = new Route(Methods.GET, health, meters.timing(HEALTH));
        this.metrics = new Route(Methods.GET, metrics, meters.timing(METRICS));
        this.unmatched = meters.timing("unmatched");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRelativePath();
        Route route = match(path);
        try {
            if (route == null) {
                exchange.addExchangeCompleteListener(unmatched);
                throw HttpProblem.notFound(path);
            }
            exchange.addExchangeCompleteListener(route.timing());
            if (!route.method().equals(exchange.getRequestMethod())) {
                throw HttpProblem.methodNotAllowed(exchange.getRequestMethod().toString(), route.method().toString());
            }
            route.handler().handleRequest(exchange);
        } catch (Exception e) {
            Errors.send(exchange, e);
        }
    }

    private Route match(String path) {
        if (path.startsWith(ROOMS)) {
            int slash = path.indexOf('/', ROOMS.length());
            if (slash < 0) {
                return path.length() > ROOMS.length() ? stats : null;
            }
            if (slash == ROOMS.length()) {
                return null;
            }
            if (path.length() - slash == POLL_SUFFIX.length() && path.endsWith(POLL_SUFFIX)) {
                return poll;
            }
            if (path.startsWith(SliceHandler.SLICES, slash)) {
                int end = slash + SliceHandler.SLICES.length();
                if (end == path.length()) {
                    return sliceHead;
                }
                return path.charAt(end) == '/' && path.indexOf('/', end + 1) < 0 ? slice : null;
            }
            return null;
        }
        return switch (path) {
            case MESSAGES -> publish;
            case ENDPOINT -> endpoint;
            case WS -> ws;
            case HEALTH -> health;
            case METRICS -> metrics;
            default -> null;
        };
    }

    /** The {@code {roomId}} segment of a rooms path that {@link #match} accepted. */
    static String roomIdOf(String path) {
        int slash = path.indexOf('/', ROOMS.length());
        return path.substring(ROOMS.length(), slash < 0 ? path.length() : slash);
    }
}
