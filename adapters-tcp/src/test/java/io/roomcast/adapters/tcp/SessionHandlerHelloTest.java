package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Ping;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.TestTokens;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A session's start: the Hello that welcomes and subscribes, and what is refused before, in and after it. */
class SessionHandlerHelloTest extends SessionHandlerFixture {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void givenAGoodHello_session_welcomes_subscribes_andPushesLiveBlocks() {
        Position head = backend.publish("r1", Category.CHAT, Priority.LOW, "{}").cursor();
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();

        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(Cursor.parse(frames.get(0).getWelcome().getCursor()).room()).isEqualTo(head.part());
        assertThat(frames.get(0).getWelcome().getHeartbeatMs()).isEqualTo(10_000);
        assertThat(viewers(R1)).isEqualTo(1);
        assertThat(push.watched(R1)).isTrue();
        assertThat(backend.directory.online(R1, clock.millis())).isEqualTo(1);

        Message live = publish(Priority.HIGH); // a quiet room's message goes at once
        frames = TestFrames.written(ch);
        assertThat(frames).hasSize(1);
        assertThat(TestFrames.ids(frames.get(0).getBlock())).containsExactly(live.id().value());

        send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.PONG);

        ch.close();
        assertThat(viewers(R1)).isZero();
        assertThat(push.watched(R1)).isFalse();
        assertThat(backend.directory.online(R1, clock.millis())).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ping before hello,      022200,            UNAUTHENTICATED",
            "unknown frame type,     024a00,            BAD_FRAME",
            "empty frame,            00,                BAD_FRAME",
            "oversized prefix,       81808008,          BAD_FRAME",
            "garbage prefix,         808080808080,      BAD_FRAME",
            "invalid protobuf,       03ffffff,          BAD_FRAME",
    })
    void givenBadBytes_session_answersErrorAndCloses(String what, String hex, String code) {
        open();
        ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(hex)));
        settle();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.ERROR);
        assertThat(frames.get(0).getError().getCode()).isEqualTo(code);
        assertThat(ch.isActive()).as("closed").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "expired token,  EXPIRED,     r1,   '',     UNAUTHENTICATED",
            "bad token,      nonsense,    r1,   '',     UNAUTHENTICATED",
            "empty token,    '',          r1,   '',     UNAUTHENTICATED",
            "bad room,       VALID,       'r 1', '',    INVALID_ARGUMENT",
            "bad cursor,     VALID,       r1,   x-y,    INVALID_CURSOR",
    })
    void givenABadHello_session_answersErrorAndCloses(String what, String token, String room, String cursor, String code) {
        String t = switch (token) {
            case "VALID" -> TestTokens.valid("ann");
            case "EXPIRED" -> TestTokens.expired("ann");
            default -> token;
        };
        open();
        send(hello(t, room, cursor));
        settle();
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.ERROR);
        assertThat(frames.get(0).getError().getCode()).isEqualTo(code);
        assertThat(ch.isActive()).isFalse();
        assertThat(viewers(R1)).isZero();
    }

    @Test
    void givenASecondHello_session_answersBadFrame() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        TestFrames.written(ch);
        send(hello(TestTokens.valid("ann"), "r1", ""));
        settle();
        assertThat(TestFrames.written(ch).get(0).getError().getCode()).isEqualTo("BAD_FRAME");
        assertThat(ch.isActive()).isFalse();
        assertThat(viewers(R1)).isZero();
    }

    @Test
    void givenNoHello_session_closesAfterTheHelloTimeout() {
        open();
        ch.advanceTimeBy(config.helloTimeoutMs() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(TestFrames.written(ch).get(0).getError().getCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(ch.isActive()).isFalse();
    }
}
