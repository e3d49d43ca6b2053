package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.roomcast.protocol.v1.PollResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);
    private static final String HTTP_TAIL = " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: application/x-protobuf\r\n\r\n";

    @Test
    void givenPacedAndAnAnswerSayingMore_poller_pollsAgainAtOnceFromTheAnswersCursor() {
        Pollers.Stats stats = new Pollers.Stats();
        Pollers fleet = new Pollers(null, SERVER, stats, Pollers.Mode.PACED, 15, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new Poller(fleet, new Pollers.Spec("r1", "v1", false), null));

        String first = request(ch);
        ch.writeInbound(answer(PollResponse.newBuilder().setCursor("c1").setPollAfterMs(2_000).setMore(true).build()));
        String second = request(ch);

        assertThat(first).isEqualTo("GET /api/v1/rooms/r1/messages?cursor=&viewer=v1&limit=15" + HTTP_TAIL);
        assertThat(second).isEqualTo("GET /api/v1/rooms/r1/messages?cursor=c1&viewer=v1&limit=15" + HTTP_TAIL);
        assertThat(stats.polls.sum()).isEqualTo(1);
        assertThat(stats.more.sum()).isEqualTo(1);
        assertThat(stats.statusCounts()).containsExactly(entry(200, 1L));
        fleet.close();
        ch.finishAndReleaseAll();
    }

    @Test
    void givenFlatAndAnAnswerSayingWait_poller_pollsAgainAtOnce() {
        Pollers.Stats stats = new Pollers.Stats();
        Pollers fleet = new Pollers(null, SERVER, stats, Pollers.Mode.FLAT, 0, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new Poller(fleet, new Pollers.Spec("r1", null, false), "c0"));

        String first = request(ch);
        ch.writeInbound(answer(PollResponse.newBuilder().setCursor("c1").setPollAfterMs(2_000).build()));
        String second = request(ch);

        assertThat(first).isEqualTo("GET /api/v1/rooms/r1/messages?cursor=c0" + HTTP_TAIL);
        assertThat(second).isEqualTo("GET /api/v1/rooms/r1/messages?cursor=c1" + HTTP_TAIL);
        assertThat(stats.connected.get()).isEqualTo(1);
        assertThat(stats.more.sum()).isZero();
        fleet.close();
        ch.finishAndReleaseAll();
    }

    private static String request(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).as("a request written").isNotNull();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static HttpResponseDecoder.Response answer(PollResponse response) {
        return new HttpResponseDecoder.Response(200, Unpooled.wrappedBuffer(response.toByteArray()), false);
    }
}
