package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.testing.TestTokens;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** A session's Hello: its timer, its own checks and the token check off the loop ({@link HelloCheck}). */
class HelloCheckTest {
    private final SessionFixture fixture = new SessionFixture();
    private final SessionFixture.Recorded transport = fixture.transport;
    private final ViewerSession session = fixture.open(Runnable::run);

    private void hello(String token, String room, String cursor) {
        session.hello(new SessionHello(token, room, cursor, false));
        fixture.loops.runReady();
    }

    @Test
    void noHello_withinTheHelloTimeout_failsUnauthenticated() {
        fixture.loops.advance(fixture.settings.helloTimeoutMs());

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.UNAUTHENTICATED);
    }

    @Test
    void goodHello_stopsTheTimer_theSessionStaysOpenPastTheTimeout() {
        hello(TestTokens.valid("u1"), "r1", "");

        fixture.loops.advance(fixture.settings.helloTimeoutMs());

        assertThat(transport.calls).containsExactly("welcome");
        assertThat(session.room()).hasToString("r1");
    }

    @Test
    void helloWithAnEmptyToken_failsUnauthenticated() {
        hello("", "r1", "");

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.UNAUTHENTICATED);
    }

    @Test
    void helloWithABadRoomId_orABadCursor_failsWithTheirCodes() {
        hello(TestTokens.valid("u1"), "user", "");
        ViewerSession other = fixture.open(Runnable::run);
        other.hello(new SessionHello(TestTokens.valid("u1"), "r1", "not-a-cursor", false));

        assertThat(transport.calls).containsExactly("release", "error " + ErrorCode.INVALID_ARGUMENT,
                "release", "error " + ErrorCode.INVALID_CURSOR);
    }

    @Test
    void expiredToken_failsUnauthenticated_onTheLoop() {
        hello(TestTokens.expired("u1"), "r1", "");

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.UNAUTHENTICATED);
        assertThat(session.room()).isNull();
    }

    @Test
    void brokenVerifier_failsInternal() {
        hello(TestTokens.BROKEN, "r1", "");

        assertThat(transport.calls).containsExactly("release", "error " + ErrorCode.INTERNAL);
    }

    @Test
    void blockingExecutorFull_failsOverloaded() {
        ViewerSession refused = fixture.open(task -> {
            throw new RejectedExecutionException("full");
        });

        refused.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", false));

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.OVERLOADED);
    }
}
