package io.roomcast.adapters.http;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.error.ErrorCode;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Hands a WebSocket viewer's messages and close frame to Undertow, and keeps its backpressure:
 * bytes handed over and not yet written to the socket are counted; past {@value #HIGH_WATER_BYTES}
 * the connection is blocked (the push core holds and merges the viewer's blocks) until they fall
 * under {@value #LOW_WATER_BYTES}, when the session is told it may write again; blocked for the
 * slow timeout, the session fails with {@code SLOW}. A failed write closes the connection.
 *
 * <p>Per connection; every method runs on the channel's IO thread.
 */
final class WebSocketSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSender.class);
    static final int HIGH_WATER_BYTES = 256 * 1024;
    static final int LOW_WATER_BYTES = 64 * 1024;
    /** A peer that does not answer the close is dropped after this long anyway. */
    static final long CLOSE_MILLIS = 1_000;

    private final WebSocketChannel channel;
    private final TaskLoop loop;
    private final long slowTimeoutMs;
    private final WebSocketMetrics metrics;
    private final WebSocketCallback<Integer> written = new Written();
    private ViewerSession session;
    private long queuedBytes;
    private boolean blocked;
    private TaskLoop.Timer slowTimer;
    private boolean closing;

    WebSocketSender(WebSocketChannel channel, TaskLoop loop, long slowTimeoutMs, WebSocketMetrics metrics) {
        this.channel = channel;
        this.loop = loop;
        this.slowTimeoutMs = slowTimeoutMs;
        this.metrics = metrics;
    }

    /** The session told about writability, slowness and a failed write; none before (a refused connection). */
    void attach(ViewerSession opened) {
        this.session = opened;
    }

    /** Past the high-water mark and not yet back under the low one. */
    boolean isBlocked() {
        return blocked;
    }

    /** Neither blocked nor closing: the session may write. */
    boolean isWritable() {
        return !blocked && !closing;
    }

    /** Closing: no more writability, no slow close. */
    void stop() {
        closing = true;
        cancel(slowTimer);
    }

    /** Hands one message to Undertow and counts it in. */
    void send(ByteBuffer bytes, boolean binary) {
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
                session.fail(SessionErrors.SLOW, "the connection did not read for " + slowTimeoutMs
                        + " ms; reconnect and resume with the last cursor");
            }
        }, slowTimeoutMs);
    }

    /** Sends a close frame with {@code reason} (cut to the 123 bytes a close frame holds); drops the peer soon anyway. */
    void close(int code, String reason) {
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

    private static void cancel(TaskLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
