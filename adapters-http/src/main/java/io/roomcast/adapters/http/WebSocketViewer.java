package io.roomcast.adapters.http;

import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Cursor;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import io.undertow.websockets.core.WebSocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One WebSocket viewer: its {@link WebSocketReceiver} turns each message into a call on its
 * transport-neutral {@link ViewerSession}, and this writes what the session tells it to as
 * {@link SessionTransport}: Welcome, Pong, Error (then a close whose reason starts with the code),
 * GoAway (then close 1001), and blocks, a shared block as the node's one encoding. Its
 * {@link WebSocketSender} counts what is not yet written: past a high-water mark the connection
 * is not writable, and not writable for the slow timeout it is closed with {@code SLOW}.
 *
 * <p>Per connection; every method runs on the channel's IO thread (Undertow calls its listeners
 * there, and the session's loop is that thread).
 */
final class WebSocketViewer implements SessionTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketViewer.class);
    private static final ServerFrame PONG = ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build();

    private final WebSocketChannel channel;
    private final TaskLoop loop;
    private final WebSocketMetrics metrics;
    private final boolean json;
    private final JsonMessages jsonWriter;
    private final WebSocketReceiver receiver;
    private final WebSocketSender sender;
    private ViewerSession session;

    WebSocketViewer(WebSocketChannel channel, TaskLoop loop, SessionSettings settings, WebSocketMetrics metrics) {
        this.channel = channel;
        this.loop = loop;
        this.metrics = metrics;
        this.json = WebSocketFrames.isJson(channel.getSubProtocol());
        this.jsonWriter = json ? new JsonMessages(1024) : null;
        this.receiver = new WebSocketReceiver(loop, settings, json);
        this.sender = new WebSocketSender(channel, loop, settings.slowTimeoutMs(), metrics);
    }

    /** Starts reading: the session's Hello timer and this connection's idle check start now. */
    void start(ViewerSession opened) {
        this.session = opened;
        sender.attach(opened);
        channel.getReceiveSetter().set(receiver);
        channel.addCloseTask(c -> {
            if (loop instanceof XnioLoop l && !l.inLoop()) {
                onLoop(session::closed);
            } else {
                session.closed();
            }
        });
        session.connected();
        receiver.start(opened);
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
        sender.stop();
        error(code, message);
    }

    /** Closes the connection at once (the server is stopping). */
    void abort() {
        IoUtils.safeClose(channel);
    }

    @Override
    public boolean isWritable() {
        return sender.isWritable();
    }

    @Override
    public void write(Outgoing block) {
        ByteBuffer bytes = json ? WebSocketFrames.jsonBlock(jsonWriter, block.block())
                : ByteBuffer.wrap(WebSocketFrames.binaryBlock(block));
        metrics.block(bytes.remaining());
        sender.send(bytes, !json);
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
        if (!sender.isBlocked()) {
            control(PONG);
        }
    }

    @Override
    public void error(String code, String message) {
        metrics.error(code);
        control(ServerFrame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build());
        sender.close(WebSocketSender.closeCode(code), code + ": " + message);
    }

    @Override
    public void goAway(long reconnectAfterMs, List<String> endpoints) {
        control(ServerFrame.newBuilder().setGoAway(GoAway.newBuilder().setReconnectAfterMs((int) reconnectAfterMs)
                .addAllEndpoints(endpoints)).build());
        sender.close(1001, "GOING_AWAY: reconnect after " + reconnectAfterMs + " ms with the last cursor");
    }

    @Override
    public void release() {
        sender.stop();
        receiver.stop();
    }

    private void control(ServerFrame frame) {
        if (json) {
            sender.send(ByteBuffer.wrap(WebSocketFrames.json(frame).getBytes(StandardCharsets.UTF_8)), false);
        } else {
            sender.send(ByteBuffer.wrap(frame.toByteArray()), true);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("session {}: IO thread gone", session.id(), e);
        }
    }
}
