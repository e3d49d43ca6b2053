package io.roomcast.bootstrap.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A test viewer on {@code /api/v1/ws} with the JDK's own WebSocket client: binary frames (or JSON
 * text with {@code roomcast.json}), everything it receives kept in order. With {@code reading}
 * false it takes the Welcome and then reads nothing more (a slow viewer: the JDK client reads the
 * socket only on demand).
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final boolean reading;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    static WsClient connect(int httpPort, String subprotocol, boolean reading) throws Exception {
        WsClient client = new WsClient(reading);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/api/v1/ws"), client)
                .get(20, TimeUnit.SECONDS);
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(ClientFrame frame) {
        socket.sendBinary(ByteBuffer.wrap(frame.toByteArray()), true).join();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /**
     * Sends a message the server refuses while reading it (over its frame limit): the server may close
     * before the client has written it all, so the send itself may fail with the output closed; what
     * the caller checks is the close the server sent.
     */
    void sendRefused(byte[] bytes) {
        try {
            sendBinary(bytes);
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof IOException)) {
                throw e;
            }
        }
    }

    void hello(String token, String room, String cursor) {
        send(ClientFrame.newBuilder().setHello(Hello.newBuilder().setToken(token).setRoomId(room).setCursor(cursor)).build());
    }

    /** Every message of every block received, in order. */
    List<Message> messages() {
        List<Message> all = new ArrayList<>();
        for (ServerFrame f : frames) {
            if (f.hasBlock()) {
                all.addAll(f.getBlock().getEntriesList());
            }
        }
        return all;
    }

    /** The cursor of the last block received, or the Welcome's. */
    String lastCursor() {
        String cursor = "";
        for (ServerFrame f : frames) {
            if (f.hasWelcome()) {
                cursor = f.getWelcome().getCursor();
            } else if (f.hasBlock() && !f.getBlock().getHeader().getCursor().isEmpty()) {
                cursor = f.getBlock().getHeader().getCursor();
            }
        }
        return cursor;
    }

    boolean has(ServerFrame.FrameCase kind) {
        return frames.stream().anyMatch(f -> f.getFrameCase() == kind);
    }

    ServerFrame first(ServerFrame.FrameCase kind) {
        return frames.stream().filter(f -> f.getFrameCase() == kind).findFirst().orElseThrow();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            try {
                frames.add(ServerFrame.parseFrom(partial.toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                texts.add("unparsable binary: " + e.getMessage());
            }
            partial.reset();
        }
        if (reading || !last) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            texts.add(partialText.toString());
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
