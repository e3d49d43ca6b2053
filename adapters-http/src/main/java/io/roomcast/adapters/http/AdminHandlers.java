package io.roomcast.adapters.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.json.JsonMessages;
import io.undertow.server.HttpHandler;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's routes: {@code GET /health} and {@code GET /metrics}. */
final class AdminHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandlers.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final byte[] UP = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);

    private AdminHandlers() {
    }

    /**
     * {@code GET /health}: 200 {@code {"status":"up"}} when the store answers {@code head(room)};
     * otherwise 503 {@code {"status":"down","error":{"code":"STORE_UNAVAILABLE","message":"..."}}}.
     * Runs on a worker: the probe may wait on the store.
     */
    /** The room whose head the probe reads (with the platform's): any room will do. */
    private static final RoomId PROBE = RoomId.of("health");

    static HttpHandler health(MessageStore store) {
        return exchange -> {
            try {
                store.head(PROBE);
            } catch (RuntimeException e) {
                LOG.warn("health check: the store does not answer: {}", e.toString());
                String why = e instanceof RoomcastException r && r.code() == ErrorCode.STORE_UNAVAILABLE
                        ? r.getMessage() : "the store does not answer";
                byte[] error = new JsonMessages(256).error(ErrorCode.STORE_UNAVAILABLE.name(), why).toByteArray();
                exchange.setStatusCode(503);
                Responses.send(exchange, Responses.JSON, down(error));
                return;
            }
            exchange.setStatusCode(200);
            Responses.send(exchange, Responses.JSON, UP);
        };
    }

    /** {@code {"error":{...}}} becomes {@code {"status":"down","error":{...}}}. */
    private static byte[] down(byte[] errorObject) {
        byte[] prefix = "{\"status\":\"down\",".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + errorObject.length - 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(errorObject, 1, out, prefix.length, errorObject.length - 1);
        return out;
    }

    /** {@code GET /metrics}: every meter of the registry in the Prometheus text format. Runs on a worker. */
    static HttpHandler metrics(PrometheusMeterRegistry registry) {
        return exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.setStatusCode(200);
            Responses.send(exchange, PROMETHEUS_TEXT, body);
        };
    }
}
