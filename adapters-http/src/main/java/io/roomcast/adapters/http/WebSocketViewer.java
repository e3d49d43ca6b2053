package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.message.Cursor;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Pooled;

/**
 * One WebSocket viewer: decodes each message into a call on its transport-neutral
 * {@link ViewerSession} (Hello, Join/Leave, Ping, Ack...), and writes what the session tells it to
 * as {@link SessionTransport}: Welcome, Pong, Error (then a close whose reason starts with the
 * code), GoAway (then close 1001), and blocks, a shared block as the node's one encoding.
 *
 * <p>Backpressure: bytes handed to Undertow and not yet written to the socket are counted; past
 * {@value #HIGH_WATER_BYTES} the connection is not writable (the push core holds and merges the
 * viewer's blocks) until they fall under {@value #LOW_WATER_BYTES}; not writable for the session's
 * slow timeout, it is closed with {@code SLOW}. Nothing received for the idle time: {@code IDLE}.
 *
 * <p>Per connection; every method runs on the channel's IO thread (Undertow calls its listeners
 * there, and the session's loop is that thread).
 */
final class WebSocketViewer extends AbstractReceiveListener implements SessionTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketViewer.class);
    static final int HIGH_WATER_BYTES = 256 * 1024;
    static final int LOW_WATER_BYTES = 64 * 1024;
    /** A peer that does not answer the close is dropped after this long anyway. */
    static final long CLOSE_MILLIS = 1_000;
    private static final ServerFrame PONG = ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build();

    private final WebSocketChannel channel;
    private final TaskLoop loop;
    private final SessionSettings settings;
    private final WebSocketMetrics metrics;
    private final boolean json;
    private final JsonMessages jsonWriter;
    private final WebSocketCallback<Integer> written = new Written();
    private ViewerSession session;
    private long queuedBytes;
    private boolean blocked;
    private TaskLoop.Timer slowTimer;
    private TaskLoop.Timer idleTimer;
    private long lastReceived = System.nanoTime();
    private boolean closing;

    WebSocketViewer(WebSocketChannel channel, TaskLoop loop, SessionSettings settings, WebSocketMetrics metrics) {
        this.channel = channel;
        this.loop = loop;
        this.settings = settings;
        this.metrics = metrics;
        this.json = WebSocketFrames.isJson(channel.getSubProtocol());
        this.jsonWriter = json ? new JsonMessages(1024) : null;
    }

    /** Starts reading: the session's Hello timer and this connection's idle check start now. */
    void start(ViewerSession opened) {
        this.session = opened;
        channel.getReceiveSetter().set(this);
        channel.addCloseTask(c -> {
            if (loop instanceof XnioLoop l && !l.inLoop()) {
                onLoop(session::closed);
            } else {
                session.closed();
            }
        });
        session.connected();
        scheduleIdleCheck(settings.readerIdleMs());
        channel.resumeReceives();
    }

    ViewerSession session() {
        return session;
    }

    TaskLoop loop() {
        return loop;
    }

    /** Refuses the connection before any session: {@code Error{code}}, then the close. */
    void refuse(String code, String message) {
        closing = true;
        error(code, message);
    }

    /** Closes the connection at once (the server is stopping). */
    void abort() {
        IoUtils.safeClose(channel);
    }

    // Inbound: one message, one frame.

    @Override
    protected long getMaxBinaryBufferSize() {
        return settings.maxFrameBytes();
    }

    @Override
    protected long getMaxTextBufferSize() {
        // JSON spells a frame out: allow it a few times the binary size.
        return 4L * settings.maxFrameBytes();
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
        received();
        try (Pooled<ByteBuffer[]> data = message.getData()) {
            if (json) {
                session.fail(SessionErrors.BAD_FRAME, "binary message on the " + WebSocketFrames.JSON
                        + " subprotocol: send frames as JSON text");
                return;
            }
            dispatch(WebSocketFrames.parseBinary(data.getResource()));
        } catch (InvalidProtocolBufferException e) {
            session.fail(SessionErrors.BAD_FRAME, "not a ClientFrame: " + e.getMessage());
        }
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
        received();
        if (!json) {
            session.fail(SessionErrors.BAD_FRAME, "text message on the binary subprotocol: send ClientFrame bytes in"
                    + " binary messages, or connect with the subprotocol " + WebSocketFrames.JSON);
            return;
        }
        try {
            dispatch(WebSocketFrames.parseJson(message.getData()));
        } catch (InvalidProtocolBufferException e) {
            session.fail(SessionErrors.BAD_FRAME, "not a ClientFrame in JSON: " + e.getMessage());
        }
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel ch, BufferedBinaryMessage message) throws IOException {
        received();
        super.onFullPingMessage(ch, message);
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
        received();
        message.getData().free();
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel ch) {
        session.closed();
    }

    @Override
    protected void onError(WebSocketChannel ch, Throwable error) {
        if (session.isClosing()) {
            IoUtils.safeClose(ch);
            return;
        }
        // A message over the size limit is refused by Undertow itself (close 1009 with the limit).
        LOG.debug("session {}: WebSocket read failed", session.id(), error);
        session.closed();
        IoUtils.safeClose(ch);
    }

    private void dispatch(ClientFrame frame) {
        switch (frame.getFrameCase()) {
            case HELLO -> {
                Hello h = frame.getHello();
                session.hello(new SessionHello(h.getToken(), h.getRoomId(), h.getCursor(), h.getAcks()));
            }
            case JOIN -> session.join(frame.getJoin().getRoomId());
            case LEAVE -> session.leave(frame.getLeave().getRoomId());
            case PING -> session.ping();
            case ACK -> session.ack(frame.getAck().getBlocks());
            case FRAME_NOT_SET -> session.unknownFrame();
        }
    }

    private void received() {
        lastReceived = System.nanoTime();
    }

    private void scheduleIdleCheck(long delayMillis) {
        idleTimer = loop.schedule(() -> {
            if (closing) {
                return;
            }
            long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceived);
            if (silent >= settings.readerIdleMs()) {
                session.fail(SessionErrors.IDLE, "nothing received for " + settings.readerIdleMs()
                        + " ms (heartbeat every " + settings.heartbeatMs() + " ms)");
            } else {
                scheduleIdleCheck(settings.readerIdleMs() - silent);
            }
        }, Math.max(1, delayMillis));
    }

    // Outbound: SessionTransport.

    @Override
    public boolean isWritable() {
        return !blocked && !closing;
    }

    @Override
    public void write(Outgoing block) {
        ByteBuffer bytes = json ? WebSocketFrames.jsonBlock(jsonWriter, block.block())
                : ByteBuffer.wrap(WebSocketFrames.binaryBlock(block));
        metrics.block(bytes.remaining());
        send(bytes, !json);
    }

    @Override
    public void merged() {
        metrics.slowMerge();
    }

    @Override
    public void welcome(String sessionId, long heartbeatMs, long ackMs, Cursor cursor) {
        control(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder().setSessionId(sessionId)
                .setHeartbeatMs((int) heartbeatMs).setAckMs((int) ackMs).setCursor(cursor.encode())).build());
    }

    @Override
    public void pong() {
        // A client that pings but does not read gets no Pong queued for it.
        if (!blocked) {
            control(PONG);
        }
    }

    @Override
    public void error(String code, String message) {
        metrics.error(code);
        control(ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build());
        close(closeCode(code), code + ": " + message);
    }

    @Override
    public void goAway(long reconnectAfterMs, List<String> endpoints) {
        control(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReconnectAfterMs((int) reconnectAfterMs)
                .addAllEndpoints(endpoints)).build());
        close(1001, "GOING_AWAY: reconnect after " + reconnectAfterMs + " ms with the last cursor");
    }

    @Override
    public void release() {
        closing = true;
        cancel(slowTimer);
        cancel(idleTimer);
    }

    private void control(ServerFrame frame) {
        if (json) {
            send(ByteBuffer.wrap(WebSocketFrames.json(frame).getBytes(StandardCharsets.UTF_8)), false);
        } else {
            send(ByteBuffer.wrap(frame.toByteArray()), true);
        }
    }

    private void send(ByteBuffer bytes, boolean binary) {
        int size = bytes.remaining();
        queuedBytes += size;
        if (binary) {
            WebSockets.sendBinary(bytes, channel, written, size);
        } else {
            WebSockets.sendText(bytes, channel, written, size);
        }
        if (!blocked && queuedBytes > HIGH_WATER_BYTES) {
            blocked = true;
            startSlowTimer();
        }
    }

    /** A message left for the socket (or failed): count it out; under the low mark, the viewer writes again. */
    private final class Written implements WebSocketCallback<Integer> {
        @Override
        public void complete(WebSocketChannel ch, Integer size) {
            sent(size);
        }

        @Override
        public void onError(WebSocketChannel ch, Integer size, Throwable error) {
            LOG.debug("WebSocket write failed", error);
            sent(size);
            if (session != null) {
                session.closed();
            }
            IoUtils.safeClose(ch);
        }
    }

    private void sent(int size) {
        queuedBytes -= size;
        if (blocked && queuedBytes <= LOW_WATER_BYTES) {
            blocked = false;
            cancel(slowTimer);
            slowTimer = null;
            if (!closing && session != null) {
                session.writable();
            }
        }
    }

    private void startSlowTimer() {
        if (slowTimer != null) {
            return;
        }
        slowTimer = loop.schedule(() -> {
            slowTimer = null;
            if (blocked && !closing) {
                metrics.slowClose();
                session.fail(SessionErrors.SLOW, "the connection did not read for " + settings.slowTimeoutMs()
                        + " ms; reconnect and resume with the last cursor");
            }
        }, settings.slowTimeoutMs());
    }

    /** Sends a close frame with {@code reason} (cut to the 123 bytes a close frame holds); drops the peer soon anyway. */
    private void close(int code, String reason) {
        WebSockets.sendClose(code, cut(reason), channel, null);
        loop.schedule(() -> IoUtils.safeClose(channel), CLOSE_MILLIS);
    }

    /** The close code of an error: protocol errors 1002, retry-later 1013, internal 1011, the rest 1008 (policy). */
    static int closeCode(String code) {
        if (code.equals(SessionErrors.BAD_FRAME)) {
            return 1002;
        }
        if (code.equals(SessionErrors.OVERLOADED) || code.equals(SessionErrors.RATE_LIMITED)) {
            return 1013;
        }
        return code.equals(ErrorCode.INTERNAL.name()) || code.equals(ErrorCode.STORE_UNAVAILABLE.name()) ? 1011 : 1008;
    }

    /** At most 123 bytes of UTF-8 (a close frame's reason), cut on a character boundary. */
    static String cut(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        int end = 120;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("session {}: IO thread gone", session.id(), e);
        }
    }

    private static void cancel(TaskLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
