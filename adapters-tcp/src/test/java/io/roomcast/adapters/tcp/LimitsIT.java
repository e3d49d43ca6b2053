package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-node limits on real sockets: open connections, and new connections per second (time stands still here). */
@ExtendWith(NoLeaks.class)
class LimitsIT {

    private static RawClient welcomed(EventLoopGroup group, int port) {
        RawClient raw = new RawClient(group, port, true);
        raw.send(ClientFrame.newBuilder().setHello(Hello.newBuilder().setToken(TestTokens.valid("u")).setRoomId("r1")).build());
        await("Welcome").atMost(Duration.ofSeconds(10)).until(() -> !raw.frames.isEmpty());
        assertThat(raw.firstFrameCase()).isEqualTo(ServerFrame.FrameCase.WELCOME);
        return raw;
    }

    private static void refused(EventLoopGroup group, int port, String code) {
        try (RawClient raw = new RawClient(group, port, true)) {
            await("refused").atMost(Duration.ofSeconds(10)).until(raw::isClosed);
            assertThat(raw.frames).hasSize(1);
            assertThat(raw.frames.get(0).getError().getCode()).isEqualTo(code);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenTheLimits_newConnections_overThem_areRefusedWithAReason() {
        ManualClock clock = new ManualClock();
        Backend backend = new Backend(clock, Backend.rules(20, 0));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<RawClient> open = new ArrayList<>();
        try {
            TcpServer byCount = backend.server(Backend.config().maxConnections(3));
            for (int i = 0; i < 3; i++) {
                open.add(welcomed(group, byCount.port()));
            }
            refused(group, byCount.port(), "OVERLOADED");
            open.remove(0).close();
            await("the limit let go of the closed one").atMost(Duration.ofSeconds(10))
                    .until(() -> byCount.admitted() == 2);
            open.add(welcomed(group, byCount.port()));

            TcpServer byRate = backend.server(Backend.config().maxNewConnectionsPerSecond(2));
            open.add(welcomed(group, byRate.port()));
            open.add(welcomed(group, byRate.port()));
            refused(group, byRate.port(), "RATE_LIMITED");
            clock.advance(500);
            open.add(welcomed(group, byRate.port()));
            refused(group, byRate.port(), "RATE_LIMITED");
        } finally {
            open.forEach(RawClient::close);
            backend.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
