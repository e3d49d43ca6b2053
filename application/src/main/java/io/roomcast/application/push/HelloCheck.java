package io.roomcast.application.push;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's Hello: the timer that fails a connection sending none in time, the Hello's own checks
 * (a valid room id, a cursor if any, a token), and the token check on the blocking executor, whose
 * user or error comes back as a task on the session's loop. Whether a Hello is expected, and what
 * follows it, are the {@link Session}'s.
 *
 * <p>Not thread-safe: every method runs on the session's loop; only the token check runs off it.
 */
final class HelloCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HelloCheck.class);

    private final Session session;
    private final UserTokens tokens;
    private final SessionSettings settings;
    private final TaskLoop loop;
    private final Executor blocking;
    private TaskLoop.Timer timer;

    HelloCheck(Session session, UserTokens tokens, SessionSettings settings, TaskLoop loop, Executor blocking) {
        this.session = session;
        this.tokens = tokens;
        this.settings = settings;
        this.loop = loop;
        this.blocking = blocking;
    }

    /** Starts the Hello timer, once: a session still waiting for its Hello then fails {@code UNAUTHENTICATED}. */
    void startTimer() {
        if (timer != null) {
            return;
        }
        timer = loop.schedule(() -> {
            if (session.awaitsHello()) {
                session.fail(SessionErrors.UNAUTHENTICATED, "no Hello within " + settings.helloTimeoutMs() + " ms");
            }
        }, settings.helloTimeoutMs());
    }

    /**
     * Checks the session's first {@code hello}: a bad one fails the session; a good one stops the timer,
     * makes the session {@linkplain Session#authenticating authenticating} and has its token checked off
     * the loop, then {@link Session#authenticated} or a failure follows on the loop.
     */
    void check(SessionHello hello) {
        RoomId target;
        Cursor from;
        try {
            target = RoomId.of(hello.roomId());
            from = hello.cursor().isEmpty() ? null : Cursor.parse(hello.cursor());
        } catch (RoomcastException e) {
            session.fail(SessionErrors.code(e.code()), e.getMessage());
            return;
        }
        if (hello.token().isEmpty()) {
            session.fail(SessionErrors.UNAUTHENTICATED, "Hello.token is empty: send the user token");
            return;
        }
        stopTimer();
        session.authenticating(hello.acks());
        verify(hello.token(), target, from);
    }

    private void verify(String token, RoomId target, Cursor from) {
        try {
            blocking.execute(() -> {
                try {
                    UserId verified = tokens.verify(token);
                    session.onLoop(() -> session.authenticated(verified, target, from));
                } catch (RoomcastException e) {
                    session.onLoop(() -> session.fail(SessionErrors.code(e.code()), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("session {}: token check failed", session.id(), e);
                    session.onLoop(() -> session.fail(SessionErrors.code(ErrorCode.INTERNAL), "internal error; reconnect"));
                }
            });
        } catch (RejectedExecutionException e) {
            session.overloaded();
        }
    }

    /** Stops the Hello timer, if it runs: a Hello came, or the session closes. */
    void stopTimer() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
