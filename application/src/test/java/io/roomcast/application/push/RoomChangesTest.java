package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's Join and Leave, and those that wait while it starts ({@link RoomChanges}). */
class RoomChangesTest {
    private final SessionFixture fixture = new SessionFixture();
    private final SessionFixture.Recorded transport = fixture.transport;
    private final List<Runnable> checks = new ArrayList<>();
    /** A session whose token check runs only when the test runs {@link #checks}. */
    private final ViewerSession session = fixture.open(checks::add);

    private void authenticate() {
        checks.forEach(Runnable::run);
        fixture.loops.runReady();
    }

    @Test
    void joinWhileAuthenticating_waitsForTheWelcome_thenMovesTheViewer() {
        session.hello(new SessionHello(TestTokens.valid("u2"), "r1", "", false));
        session.join("r2");
        assertThat(session.room()).isNull();

        authenticate();

        assertThat(transport.calls).containsExactly("welcome");
        assertThat(session.room()).hasToString("r2");
    }

    @Test
    void changesThatWaited_applyInOrder_andALeaveOfAnotherRoomIsIgnored() {
        session.hello(new SessionHello(TestTokens.valid("u2"), "r1", "", false));
        session.join("r2");
        session.leave("r9");
        session.join("r3");
        session.leave("r3");

        authenticate();

        assertThat(session.room()).isNull();
        assertThat(session.isClosing()).isFalse();
        session.join("r4");
        fixture.loops.runReady();
        assertThat(session.room()).hasToString("r4");
    }

    @Test
    void moreChangesThanMayWait_failRateLimited() {
        session.hello(new SessionHello(TestTokens.valid("u2"), "r1", "", false));
        for (int i = 0; i < ViewerSession.MAX_DEFERRED_ROOM_CHANGES; i++) {
            session.join("r" + i);
        }
        assertThat(transport.calls).isEmpty();

        session.join("one-too-many");

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.RATE_LIMITED);
        authenticate();
        assertThat(session.room()).isNull();
    }

    @Test
    void joinOfABadRoomId_failsInvalidArgument() {
        session.hello(new SessionHello(TestTokens.valid("u2"), "r1", "", false));
        authenticate();

        session.join("idem");

        assertThat(transport.calls).containsExactly("welcome", "release", "error " + ErrorCode.INVALID_ARGUMENT);
    }
}
