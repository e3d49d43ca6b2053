package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Pooled;

/**
 * What a WebSocket viewer sends: each message decoded into one {@code ClientFrame} and that into a
 * call on its {@link ViewerSession} (Hello, Join/Leave, Ping, Ack); a message in the other
 * subprotocol's kind, or not a frame, fails the session with {@code BAD_FRAME}. Nothing received
 * for the session's idle time fails it with {@code IDLE}.
 *
 * <p>Per connection; Undertow calls it on the channel's IO thread, which is also the loop its
 * idle check runs on.
 */
final class WebSocketReceiver extends AbstractReceiveListener {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketReceiver.class);

    private final TaskLoop loop;
    private final SessionSettings settings;
    private final boolean json;
    private ViewerSession session;
    private TaskLoop.Timer idleTimer;
    private long lastReceived = System.nanoTime();
    private boolean stopped;

    WebSocketReceiver(TaskLoop loop, SessionSettings settings, boolean json) {
        this.loop = loop;
        this.settings = settings;
        this.json = json;
    }

    /** Frames go to {@code opened} from now; the idle check starts. */
    void start(ViewerSession opened) {
        this.session = opened;
        scheduleIdleCheck(settings.readerIdleMs());
    }

    /** The session is closing: no more idle checks. */
    void stop() {
        stopped = true;
        if (idleTimer != null) {
            idleTimer.cancel();
        }
    }

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

    /** One decoded frame, one call on the session. */
    void dispatch(ClientFrame frame) {
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
            if (stopped) {
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
}
