package io.roomcast.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** The JDK's HTTP server answering like roomcast's HTTP API, for the HTTP clients' tests; records each request. */
final class FakeHttp implements AutoCloseable {
    /** One answer: status, content type, body. */
    record Answer(int status, String type, byte[] body) {
    }

    /** What a request carried. */
    record Request(String path, String query, String accept, String authorization) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeHttp(Function<Request, Answer> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, handler));
        server.start();
    }

    private void answer(HttpExchange exchange, Function<Request, Answer> handler) throws IOException {
        Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Accept"), exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        Answer answer = handler.apply(request);
        exchange.getResponseHeaders().add("Content-Type", answer.type());
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
