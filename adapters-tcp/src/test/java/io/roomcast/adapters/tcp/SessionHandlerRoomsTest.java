package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.Leave;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's room changes: Join and Leave, and a flood of them while the session starts. */
class SessionHandlerRoomsTest extends SessionHandlerFixture {
    private static final RoomId R2 = RoomId.of("r2");

    @Test
    void givenJoinAndLeave_session_switchesRooms() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r2")).build()); // while still authenticating
        settle();
        assertThat(viewers(R1)).isZero();
        assertThat(viewers(R2)).isEqualTo(1);
        assertThat(session().room()).isEqualTo(R2);

        send(ClientFrame.newBuilder().setLeave(Leave.newBuilder().setRoomId("r2")).build());
        settle();
        assertThat(viewers(R2)).isZero();
        assertThat(session().room()).isNull();
        assertThat(ch.isActive()).isTrue();
        assertThat(TestFrames.written(ch)).extracting(ServerFrame::getFrameCase).containsExactly(ServerFrame.FrameCase.WELCOME);
    }

    @Test
    void givenJoinFloodWhileStarting_session_isClosedWithRateLimited_notQueuedWithoutEnd() {
        open();
        send(hello(TestTokens.valid("ann"), "r1", ""));
        for (int i = 0; i <= SessionHandler.MAX_DEFERRED_ROOM_CHANGES; i++) {
            send(ClientFrame.newBuilder().setJoin(io.roomcast.protocol.v1.Join.newBuilder().setRoomId("room" + i)).build());
        }
        List<ServerFrame> frames = TestFrames.written(ch);
        assertThat(frames).extracting(f -> f.getError().getCode()).contains(WireErrors.RATE_LIMITED);
        settle();
        assertThat(ch.isOpen()).isFalse();
    }
}
