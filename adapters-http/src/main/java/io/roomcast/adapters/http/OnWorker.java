package io.roomcast.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Decorator: moves the request off the IO thread to the worker pool before {@code next} runs,
 * since {@code next} may block on the store (as Undertow's {@code BlockingHandler}, without
 * switching the exchange to blocking streams: answers are still sent asynchronously). A failure
 * of {@code next} becomes the error answer. Thread-safe.
 */
final class OnWorker implements HttpHandler {
    private final HttpHandler next;

    OnWorker(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            Errors.send(exchange, e);
        }
    }
}
