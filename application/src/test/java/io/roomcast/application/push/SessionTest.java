package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport-neutral session over the real push core, a hand-driven loop and a recording transport. */
class SessionTest {
    private final SessionFixture fixture = new SessionFixture();
    private final SessionFixture.Recorded transport = fixture.transport;
    private final ViewerSession session = fixture.open(Runnable::run);

    @Test
    void transportWithoutAcks_helloAskingForAcks_welcomesWithAckMsZero_andAnAckIsABadFrame() {
        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", true));
        fixture.loops.runReady();
        assertThat(transport.calls).containsExactly("welcome");
        assertThat(transport.ackMs).isZero();

        session.ack(1);

        assertThat(transport.calls).containsExactly("welcome", "release", "error " + SessionErrors.BAD_FRAME);
        assertThat(session.isClosing()).isTrue();
    }

    @Test
    void welcomed_roomBlocksGoToTheTransport_pingIsPonged_goAwayClosesOnce() {
        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", false));
        fixture.loops.runReady();
        fixture.backend.publish("r1", Category.CHAT, Priority.LOW);
        fixture.loops.advance(500);
        session.ping();

        assertThat(transport.blocks).hasSize(1);
        assertThat(transport.blocks.get(0).block().entries()).hasSize(1);
        session.goAway(1234, List.of());
        session.fail(SessionErrors.SLOW, "too late: already closing");

        assertThat(transport.calls).containsExactly("welcome", "pong", "release", "goAway 1234");
        assertThat(session.room()).isNull();
    }

    @Test
    void beforeHello_pingAndJoin_failUnauthenticated_once() {
        session.ping();
        session.join("r1");

        assertThat(transport.calls).containsExactly("release", "error " + SessionErrors.UNAUTHENTICATED);
    }

    @Test
    void aSecondHello_failsBadFrame() {
        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", false));
        fixture.loops.runReady();

        session.hello(new SessionHello(TestTokens.valid("u1"), "r1", "", false));

        assertThat(transport.calls).containsExactly("welcome", "release", "error " + SessionErrors.BAD_FRAME);
    }
}
