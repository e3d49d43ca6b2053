package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.Unpooled;
import io.roomcast.protocol.v1.PollResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small text parsers of the generator: payload times, Prometheus scrapes, GC logs, jcmd, perf, the publish mix. */
class ParsersTest {

    @Test
    void givenAPublishTime_payload_isExactlyTheAskedSizeAndGivesTheTimeBack() {
        String json = Payloads.json(1_795_828_026_301_123L, 100);
        assertThat(json).hasSize(100).startsWith("{\"t\":\"1795828026301123\",\"pad\":\"");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(Payloads.publishedAt(Unpooled.wrappedBuffer(bytes), 0, bytes.length)).isEqualTo(1_795_828_026_301_123L);
        byte[] other = "{\"pad\":\"x\",\"t\":\"42\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Payloads.publishedAt(Unpooled.wrappedBuffer(other), 0, other.length)).isEqualTo(42);
        byte[] none = "{\"gift\":\"rocket\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Payloads.publishedAt(Unpooled.wrappedBuffer(none), 0, none.length)).isEqualTo(-1);
    }

    @Test
    void givenAHistogramsGrowth_quantileBound_isTheBucketWhereTheQuantileFalls_overTheRoutesStatuses() {
        PrometheusText before = PrometheusText.parse("""
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="0.01"} 90.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="0.1"} 100.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="+Inf"} 100.0
                """);
        PrometheusText after = PrometheusText.parse("""
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="0.01"} 180.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="0.1"} 197.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="202",le="+Inf"} 199.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="503",le="0.01"} 0.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="503",le="0.1"} 0.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/messages",status="503",le="+Inf"} 1.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/rooms/{roomId}/poll",status="200",le="0.01"} 5000.0
                roomcast_http_requests_seconds_bucket{route="/api/v1/rooms/{roomId}/poll",status="200",le="+Inf"} 5000.0
                """);
        PrometheusText window = after.minus(before);

        assertThat(window.quantileBound("roomcast_http_requests_seconds", "route", "/api/v1/messages", 0.5)).isEqualTo(0.01);
        assertThat(window.quantileBound("roomcast_http_requests_seconds", "route", "/api/v1/messages", 0.95)).isEqualTo(0.1);
        assertThat(window.quantileBound("roomcast_http_requests_seconds", "route", "/api/v1/messages", 0.99))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(window.quantileBound("roomcast_http_requests_seconds", "route", "/nowhere", 0.5)).isNaN();
    }

    @Test
    void givenTwoScrapes_minus_isEachCountersGrowth() {
        PrometheusText before = PrometheusText.parse("""
                # HELP roomcast_discarded_total Discarded
                # TYPE roomcast_discarded_total counter
                roomcast_discarded_total{reason="overload"} 10.0
                roomcast_discarded_total{reason="age"} 1.0
                roomcast_tcp_blocks_sent_total 100.0
                """);
        PrometheusText after = PrometheusText.parse("""
                roomcast_discarded_total{reason="overload"} 25.0
                roomcast_discarded_total{reason="age"} 1.0
                roomcast_tcp_blocks_sent_total 160.0
                roomcast_http_requests_seconds_count{route="/api/v1/rooms/{roomId}/messages",status="200"} 7
                """);
        PrometheusText delta = after.minus(before);
        assertThat(delta.byLabel("roomcast_discarded_total", "reason")).isEqualTo(Map.of("overload", 15.0, "age", 0.0));
        assertThat(delta.sum("roomcast_tcp_blocks_sent_total")).isEqualTo(60.0);
        assertThat(delta.byLabel("roomcast_http_requests_seconds_count", "route")).containsEntry("/api/v1/rooms/{roomId}/messages", 7.0);
    }

    @Test
    void givenAUnifiedGcLog_pauses_countsAndSumsThePauses() {
        JvmTools.Pauses p = JvmTools.pauses(List.of(
                "[0.012s] Using G1",
                "[1.234s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms",
                "[2.000s] GC(1) Pause Remark 30M->30M(256M) 1.000ms",
                "[2.100s] GC(2) Concurrent Mark Cycle 45.000ms",
                "[3.000s] GC(3) Pause Full (System.gc()) 30M->10M(64M) 20.5ms"));
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.millis()).isCloseTo(24.956, within(1e-9));
    }

    @Test
    void givenHeapInfo_heap_readsCommittedAndUsed() {
        JvmTools.Heap heap = JvmTools.heap("""
                12345:
                 garbage-first heap   total 102400K, used 29286K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 5 young (5120K), 0 survivors (0K)
                """);
        assertThat(heap.committed()).isEqualTo(102_400L * 1024);
        assertThat(heap.used()).isEqualTo(29_286L * 1024);
    }

    @Test
    void givenPerfCsv_parse_keepsCountedEventsByShortName() {
        Map<String, Long> counts = PerfStat.parse("""
                # started on ...
                2920,,raw_syscalls:sys_enter,1002126535,100.00,,
                446,,syscalls:sys_enter_writev,1002079404,100.00,,
                <not counted>,,syscalls:sys_enter_sendmsg,0,100.00,,
                12,,context-switches,1002079404,100.00,,
                """);
        assertThat(counts).containsExactly(Map.entry("all syscalls", 2_920L), Map.entry("writev", 446L), Map.entry("context-switches", 12L));
    }

    @Test
    void givenWeights_parseMix_spreadsTheKindsEvenlyOverOneCycle() {
        List<Publisher.Kind> cycle = Publisher.parseMix("chat=2,biggift=1");
        assertThat(cycle).extracting(Publisher.Kind::name).containsExactly("chat", "biggift", "chat");
        assertThat(Publisher.parseMix("chat=60,notify=20,gift=20")).hasSize(100)
                .filteredOn(k -> k.name().equals("notify")).hasSize(20);
    }

    @Test
    void givenASize_bareBody_isAValidPollAnswerOfThatSize() throws Exception {
        for (int size : new int[] {36, 100, 1_000, 2_698}) {
            byte[] body = BareUndertow.body(size, 3);
            assertThat(body.length).as("body of %d", size).isEqualTo(size);
            assertThat(PollResponse.parseFrom(body).getCursor()).isEqualTo("1-1");
        }
    }

    @Test
    void givenACursorLength_bareBody_carriesACursorThatLongAtTheAskedSize() throws Exception {
        for (int size : new int[] {60, 1_000}) {
            byte[] body = BareUndertow.body(size, 17);
            assertThat(body.length).as("body of %d", size).isEqualTo(size);
            assertThat(PollResponse.parseFrom(body).getCursor()).hasSize(17).startsWith("1-").matches("1-1+");
        }
    }
}
