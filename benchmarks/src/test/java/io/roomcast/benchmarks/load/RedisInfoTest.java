package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RedisInfoTest {
    private static final String BEFORE = """
            # Stats\r
            total_connections_received:12\r
            total_net_input_bytes:1000\r
            total_net_output_bytes:5000\r
            instantaneous_input_kbps:0.51\r
            \r
            # Commandstats\r
            cmdstat_evalsha:calls=10,usec=900,usec_per_call=90.00,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=2,usec=40,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r
            """;
    private static final String AFTER = """
            # Stats\r
            total_net_input_bytes:61000\r
            total_net_output_bytes:95000\r
            # Commandstats\r
            cmdstat_evalsha:calls=110,usec=9900,usec_per_call=90.00,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=3,usec=60,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r
            cmdstat_spublish:calls=300,usec=600,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r
            cmdstat_client|setname:calls=4,usec=4,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
            """;

    @Test
    void givenInfoText_parse_readsFieldsAndCommandsAndSkipsHeaders() {
        RedisInfo info = RedisInfo.parse(BEFORE);

        assertThat(info.number("total_net_input_bytes")).isEqualTo(1_000);
        assertThat(info.number("instantaneous_input_kbps")).isZero();
        assertThat(info.number("absent")).isZero();
        assertThat(info.fields()).doesNotContainKey("# Stats");
        assertThat(info.commands()).containsExactly(
                Map.entry("evalsha", new RedisInfo.Command(10, 900)), Map.entry("info", new RedisInfo.Command(2, 40)));
    }

    @Test
    void givenTwoReadings_commandsSince_isTheGrowthMostCallsFirstWithNewCommandsAndNoIdleOnes() {
        RedisInfo before = RedisInfo.parse(BEFORE + "cmdstat_get:calls=5,usec=5\r\n");
        RedisInfo after = RedisInfo.parse(AFTER + "cmdstat_get:calls=5,usec=5\r\n");

        Map<String, RedisInfo.Command> grown = after.commandsSince(before);

        assertThat(grown.keySet()).containsExactly("spublish", "evalsha", "client|setname", "info");
        assertThat(grown.get("evalsha")).isEqualTo(new RedisInfo.Command(100, 9_000));
        assertThat(grown.get("spublish")).isEqualTo(new RedisInfo.Command(300, 600));
    }

    @Test
    void givenAWindow_clusterTable_dividesByAcceptedAndTellsTheBusExtra() {
        RedisInfo before = RedisInfo.parse(BEFORE);
        RedisInfo after = RedisInfo.parse(AFTER);
        Histogram home = new Histogram(3);
        Histogram bus = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            home.recordValue(10_000 + i);
            bus.recordValue(12_000 + i);
        }
        Cluster.Window w = new Cluster.Window(100, 100, 10, after.commandsSince(before),
                after.number("total_net_input_bytes") - before.number("total_net_input_bytes"),
                after.number("total_net_output_bytes") - before.number("total_net_output_bytes"), 0.5, home, bus);

        List<List<String>> rows = ClusterTable.rows(List.of(w), 3);

        assertThat(rows).contains(List.of("Redis bytes in", "600.00"), List.of("Redis bytes out", "900.00"),
                List.of("- evalsha calls (usec)", "1.00 (90.00)"), List.of("other nodes' extra p50 / p99", "2.00 ms / 2.00 ms"));
        assertThat(ClusterTable.rows(List.of(w), 1)).noneMatch(r -> r.get(0).contains("other nodes"));
    }
}
