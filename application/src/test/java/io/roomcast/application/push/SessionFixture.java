package io.roomcast.application.push;

import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Cursor;
import io.roomcast.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Sessions over the real push core, a hand-driven loop, test tokens and a recording transport. No mocks. */
final class SessionFixture {
    final PushBackend backend = new PushBackend(500, 0);
    final ManualLoops loops = new ManualLoops(backend.clock);
    final ManualLoops.Loop loop = loops.newLoop();
    final PushService push = backend.push(new PushSettings(4, 5_000, 20, 1_000));
    final SessionSettings settings = new SessionSettings(30_000, 10_000, 75_000, 15_000, 500, 16 * 1024,
            16 * 1024, 100);
    final Recorded transport = new Recorded();

    SessionFixture() {
        push.start(List.of(loop), Runnable::run);
    }

    /** A connected session whose tokens are checked on {@code blocking}. */
    ViewerSession open(Executor blocking) {
        ViewerSession session = new SessionService(push, new TestTokens(backend.clock::millis)::verify, settings)
                .open(loop, transport, blocking);
        session.connected();
        return session;
    }

    /** Everything the sessions told their transport, in order. */
    static final class Recorded implements SessionTransport {
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
}
