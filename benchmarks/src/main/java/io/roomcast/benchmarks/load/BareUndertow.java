package io.roomcast.benchmarks.load;

import com.google.protobuf.ByteString;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.Skipped;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline of the polling comparison: a bare Undertow server whose one handler answers every
 * request with the same fixed body, on the same number of IO and worker threads as roomcast's HTTP
 * API ({@code max(2, cores)} and 8 per IO thread). The body is a valid {@code PollResponse} of the
 * asked size, so the client reads it exactly as it reads roomcast's answers, and its cursor is as
 * long as asked ({@code --cursor-chars}), so the client's next requests are as long as those it
 * sends roomcast (Undertow parses every character of the query string). With
 * {@code --dispatch} the handler first moves to a worker thread, as roomcast's poll handler does.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar io.roomcast.benchmarks.load.BareUndertow --port=8081 --body-bytes=1200 [--cursor-chars=3] [--dispatch]
 * </pre>
 */
public final class BareUndertow {
    private BareUndertow() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse(args);
        int port = options.integer("port", 8081, 1, 65_535);
        String host = options.string("host", "127.0.0.1");
        int io = options.integer("io-threads", Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 1_024);
        int workers = options.integer("worker-threads", io * 8, 1, 10_000);
        int bodyBytes = options.integer("body-bytes", 512, 16, 1 << 20);
        int cursorChars = options.integer("cursor-chars", 3, 3, 64);
        boolean dispatch = options.flag("dispatch", false);
        options.rejectUnknown();

        ByteBuffer body = ByteBuffer.allocateDirect(bodyBytes);
        body.put(body(bodyBytes, cursorChars)).flip();
        HttpHandler fixed = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-protobuf");
            exchange.getResponseSender().send(body.duplicate());
        };
        HttpHandler handler = dispatch ? exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(fixed);
                return;
            }
            fixed.handleRequest(exchange);
        } : fixed;
        Undertow server = Undertow.builder().addHttpListener(port, host).setIoThreads(io).setWorkerThreads(workers)
                .setHandler(handler).build();
        server.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stop.countDown();
        }, "bare-undertow-stop"));
        System.out.println("bare Undertow on " + host + ":" + port + ", io " + io + ", workers " + workers + ", body "
                + bodyBytes + " bytes, cursor " + cursorChars + " characters" + (dispatch ? ", dispatched to a worker" : ", answered on the IO thread"));
        stop.await();
    }

    /**
     * Starts this server in a child JVM ({@code -Xmx<heap>}, this class path, as many IO threads
     * as roomcast's HTTP API takes by default) and waits until it answers on {@code port}.
     */
    static ChildProcess startChild(int port, String heap, int bodyBytes, int cursorChars, boolean dispatch, Path log)
            throws IOException, InterruptedException {
        int io = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.javaBinary(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), BareUndertow.class.getName(), "--port=" + port,
                "--io-threads=" + io, "--worker-threads=" + io * 8, "--body-bytes=" + bodyBytes, "--cursor-chars=" + cursorChars));
        if (dispatch) {
            cmd.add("--dispatch");
        }
        ChildProcess bare = ChildProcess.start(cmd, log);
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return bare;
                }
            } catch (IOException e) {
                if (!bare.alive() || System.nanoTime() > deadline) {
                    bare.close();
                    throw new IllegalStateException("the bare Undertow server did not start: " + bare.tail(20), e);
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * A {@code PollResponse} (cursor, pollAfterMs, skipped, one message) padded to exactly {@code bytes}
     * bytes when possible; its cursor is {@code "1-"} and digits, {@code cursorChars} characters in all.
     */
    static byte[] body(int bytes, int cursorChars) {
        PollResponse.Builder answer = PollResponse.newBuilder().setCursor("1-" + "1".repeat(Math.max(1, cursorChars - 2)))
                .setPollAfterMs(1_500)
                .setSkipped(Skipped.getDefaultInstance());
        int base = answer.build().getSerializedSize();
        Message.Builder message = Message.newBuilder().setId("bare").setCreatedAt(1);
        byte[] best = answer.build().toByteArray();
        for (int pad = Math.max(0, bytes - base - 20); pad <= bytes; pad++) {
            byte[] candidate = answer.clone().clearMessages()
                    .addMessages(message.setPayload(ByteString.copyFrom(new byte[pad]))).build().toByteArray();
            if (candidate.length >= bytes) {
                return candidate.length == bytes || best.length > bytes ? candidate : best;
            }
            best = candidate;
        }
        return best;
    }
}
