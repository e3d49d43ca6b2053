package io.roomcast.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the HTTP API (a decorator in front of the routes). With no origins configured it does
 * nothing at all. Otherwise:
 * <ul>
 *   <li>a request whose {@code Origin} is allowed gets {@code Access-Control-Allow-Origin} with that
 *       origin ({@code *} when every origin is allowed); one from another origin gets no CORS
 *       header, so its browser keeps the answer from the page;</li>
 *   <li>with a list of origins every answer to a request with an {@code Origin} carries
 *       {@code Vary: Origin} (a cache must not hand one origin's answer to another);</li>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       from an allowed origin is answered here: 204 with the methods ({@value #METHODS}), the
 *       headers ({@value #HEADERS}) and {@code Access-Control-Max-Age: }{@value #MAX_AGE_SECONDS};
 *       from another origin: 403 with the usual JSON error.</li>
 * </ul>
 * No credentials (cookies) are allowed: the API authenticates with bearer headers. Thread-safe.
 */
final class Cors implements HttpHandler {
    static final String METHODS = "GET, POST, OPTIONS";
    static final String HEADERS = "Authorization, Content-Type, Accept";
    static final int MAX_AGE_SECONDS = 600;
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private final boolean any;
    private final Set<String> origins;
    private final HttpHandler next;

    Cors(List<String> origins, HttpHandler next) {
        this.any = origins.contains("*");
        this.origins = Set.copyOf(origins);
        this.next = next;
    }

    /** {@code next} alone when no origin is allowed, else {@code next} behind CORS. */
    static HttpHandler wrap(List<String> origins, HttpHandler next) {
        return origins.isEmpty() ? next : new Cors(origins, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap request = exchange.getRequestHeaders();
        String origin = request.getFirst(Headers.ORIGIN);
        if (origin == null) {
            next.handleRequest(exchange);
            return;
        }
        HeaderMap answer = exchange.getResponseHeaders();
        boolean allowed = any || origins.contains(origin);
        if (!any) {
            answer.add(Headers.VARY, "Origin");
        }
        if (allowed) {
            answer.put(ALLOW_ORIGIN, any ? "*" : origin);
        }
        if (Methods.OPTIONS.equals(exchange.getRequestMethod()) && request.contains(REQUEST_METHOD)) {
            if (!allowed) {
                Errors.send(exchange, HttpProblem.originNotAllowed(origin));
                return;
            }
            answer.put(ALLOW_METHODS, METHODS);
            answer.put(ALLOW_HEADERS, HEADERS);
            answer.put(MAX_AGE, MAX_AGE_SECONDS);
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }

    /**
     * The origins of the setting, checked: {@code *} alone, or each {@code http(s)://host[:port]}
     * with no path (the form a browser sends in {@code Origin}).
     */
    static List<String> checkOrigins(List<String> origins) {
        List<String> checked = new ArrayList<>(origins.size());
        for (String origin : origins) {
            String o = origin == null ? "" : origin.strip();
            if (o.equals("*")) {
                if (origins.size() > 1) {
                    throw new IllegalArgumentException("corsOrigins: '*' (every origin) must stand alone, got " + origins);
                }
            } else if (!isOrigin(o)) {
                throw new IllegalArgumentException("corsOrigins: expected '*' or origins such as https://a.example or"
                        + " http://localhost:3000 (scheme and host, no path), got '" + origin + "'");
            }
            checked.add(o);
        }
        return List.copyOf(checked);
    }

    private static boolean isOrigin(String o) {
        String lower = o.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (start < 0 || o.length() == start) {
            return false;
        }
        for (int i = start; i < o.length(); i++) {
            char c = o.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-' || c == ':' || c == '['
                    || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
