package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Priority;
import io.roomcast.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport-neutral session over the real push core, a hand-driven loop and a recording transport. */
class SessionTest {
    private final PushBackend backend = new PushBackend(500, 0);
    private final ManualLoops loops = new ManualLoops(backend.clock);
    private final ManualLoops.Loop loop = loops.newLoop();
    private final PushService push = backend.push(new PushSettings(4, 5_000, 20, 1_000));
    private final SessionSettings settings = new SessionSettings(30_000, 10_000, 75_000, 15_000, 500, 16 * 1024,
            16 * 1024, 100);
    private final Recorded transport = new Recorded();
    private final ViewerSession session;

    SessionTest() {
        push.start(List.of(loop), Runnable::run);
        session = new SessionService(push, new TestTokens(backend.clock::millis)::verify, settings)
                .open(loop, transport, Runnable::run);
        session.connected();
    }

    /** Everything the session told its transport, in order. */
    private static final class Recorded implements SessionTransport {
        final List<String> calls = new ArrayList<>();
        final List<Outgoing> blocks = new ArrayList<>();
        long ackMs = -1;

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void write(Outgoing block) {
            blocks.add(block);
        }

        @Override
        public void welcome(String sessionId, long heartbeatMs, long ackMs, Cursor cursor) {
            this.ackMs = ackMs;
            calls.add("welcome");
        }

        @Override
        public void pong() {
            calls.add("pong");
        }

        @Override
        public void error(String code, String message) {
            calls.add("error " + code);
        }

        @Override
        public void goAway(long reconnectAfterMs, List<String> endpoints) {
            calls.add("goAway " + reconnectAfterMs);
        }

        @Override
        public void release() {
            calls.add("release");
        }
    }

    @Test
    void transportWithoutAcks_helloAskingForAcks_welcomesWithAckMsZero_andAnAckIsABadFrame() {
        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", true));
        loops.runReady();
        assertThat(transport.calls).containsExactly("welcome");
        assertThat(transport.ackMs).isZero();

        session.ack(1);

        assertThat(transport.calls).containsExactly("welcome", "release", "error " + SessionErrors.BAD_FRAME);
        assertThat(session.isClosing()).isTrue();
    }

    @Test
    void noHello_withinTheHelloTimeout_failsUnauthenticated() {
        loops.advance(settings.helloTimeoutMs());

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.UNAUTHENTICATED);
    }

    @Test
    void welcomed_roomBlocksGoToTheTransport_pingIsPonged_goAwayClosesOnce() {
        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", false));
        loops.runReady();
        backend.publish("r1", Category.CHAT, Priority.LOW);
        loops.advance(500);
        session.ping();

        assertThat(transport.blocks).hasSize(1);
        assertThat(transport.blocks.get(0).block().entries()).hasSize(1);
        session.goAway(1234, List.of());
        session.fail(SessionErrors.SLOW, "too late: already closing");

        assertThat(transport.calls).containsExactly("welcome", "pong", "release", "goAway 1234");
        assertThat(session.room()).isNull();
    }

    @Test
    void joinWhileAuthenticating_waitsForTheWelcome_thenMovesTheViewer() {
        List<Runnable> checks = new ArrayList<>();
        ViewerSession slow = new SessionService(push, new TestTokens(backend.clock::millis)::verify, settings)
                .open(loop, transport, checks::add);
        slow.hello(new SessionHello(TestTokens.valid("u2"), "r1", "", false));
        slow.join("r2");
        assertThat(slow.room()).isNull();

        checks.forEach(Runnable::run);
        loops.runReady();

        assertThat(transport.calls).containsExactly("welcome");
        assertThat(slow.room()).hasToString("r2");
    }
}
