package io.roomcast.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Methods;

/**
 * Decorator in front of the API routes: the pages a browser opens, served from the class path
 * ({@value #ROOT}, built from {@code client-js/} into the jar), and the operations page's data.
 * <pre>
 *   GET /demo/room.html?room=r1      the viewer page (and its script and style under /demo/)
 *   GET /ops                         the operations page (its script under /ops/)
 *   GET /api/v1/ops                  the operations page's data (API key)
 * </pre>
 * Anything else goes to {@code next}. The pages are static files holding no secret; the
 * operations data asks for the API key like every business route. Thread-safe.
 */
final class BrowserPages implements HttpHandler {
    static final String ROOT = "roomcast/web";
    private static final String DEMO = "/demo/";
    private static final String OPS = "/ops";

    private final HttpHandler files;
    private final HttpHandler ops;
    private final HttpHandler next;

    BrowserPages(HttpHandler ops, HttpHandler next) {
        this.files = new ResourceHandler(new ClassPathResourceManager(BrowserPages.class.getClassLoader(), ROOT))
                .setDirectoryListingEnabled(false)
                .setAllowed(exchange -> Methods.GET.equals(exchange.getRequestMethod())
                        || Methods.HEAD.equals(exchange.getRequestMethod()));
        this.ops = ops;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (path.equals(OpsHandler.PATH)) {
            try {
                if (!Methods.GET.equals(exchange.getRequestMethod())) {
                    throw HttpProblem.methodNotAllowed(exchange.getRequestMethod().toString(), "GET");
                }
                ops.handleRequest(exchange);
            } catch (Exception e) {
                Errors.send(exchange, e);
            }
        } else if (path.equals(OPS) || path.equals(OPS + "/")) {
            exchange.setRelativePath(OPS + "/index.html");
            files.handleRequest(exchange);
        } else if (path.startsWith(DEMO) || path.startsWith(OPS + "/")) {
            files.handleRequest(exchange);
        } else {
            next.handleRequest(exchange);
        }
    }
}
