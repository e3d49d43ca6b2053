package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep summary table, from made-up measure windows. */
class SweepTableTest {
    private static final double VIEWERS = 1_000;

    @Test
    void givenAPlateau_rows_giveEachStepsShareOfThePeakAndItsServerFigures() {
        List<PushPhases.Step> steps = List.of(
                step(500, 5_000_000, 0, 0, 400),
                step(2_000, 15_000_000, 8_000, 5_000, 900),
                step(8_000, 12_000_000, 30_000, 20_000, 3_000));

        List<List<String>> rows = SweepTable.rows(steps, VIEWERS, true);

        List<String> header = rows.get(0);
        assertThat(header).containsSubsequence("offered messages/s", "deliveries asked/s", "**deliveries/s**", "% of peak",
                "e2e p50 / p99 / p99.9", "CRITICAL e2e p99", "skipped/s age", "skipped/s budget", "skipped/s priority",
                "skipped/s superseded", "server RSS end / peak", "server direct memory", "server GC % of time");
        assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r).hasSameSizeAs(header));
        List<String> top = rows.get(3);
        assertThat(cell(rows, top, "offered messages/s")).isEqualTo("8,000");
        assertThat(cell(rows, top, "deliveries asked/s")).isEqualTo("8,000,000");
        assertThat(cell(rows, top, "**deliveries/s**")).isEqualTo("**1,200,000**");
        assertThat(cell(rows, top, "% of peak")).isEqualTo("80.0%");
        assertThat(cell(rows, rows.get(2), "% of peak")).isEqualTo("100.0%");
        assertThat(cell(rows, top, "CRITICAL e2e p99")).isEqualTo("3000 ms");
        assertThat(cell(rows, top, "skipped/s age")).isEqualTo("30,000");
        assertThat(cell(rows, top, "skipped/s budget")).isEqualTo("20,000");
        assertThat(cell(rows, top, "server RSS end / peak")).isEqualTo("700 / 800 MiB");
        assertThat(cell(rows, top, "server direct memory")).isEqualTo("64.0 MiB");
        assertThat(cell(rows, top, "server GC % of time")).isEqualTo("5.0%");
        assertThat(cell(rows, rows.get(1), "CRITICAL e2e p99")).isEqualTo("400 ms");
    }

    @Test
    void givenNoCriticalInTheMix_rows_haveNoCriticalColumn() {
        List<List<String>> rows = SweepTable.rows(List.of(step(500, 5_000_000, 0, 0, 400)), VIEWERS, false);

        assertThat(rows.get(0)).doesNotContain("CRITICAL e2e p99");
    }

    @Test
    void givenAServerWithoutRoomcastsCounters_rows_leaveOutSkipsDirectMemoryAndGc() {
        List<List<String>> rows = SweepTable.rows(List.of(step(500, 5_000_000, 0, 0, 400)), VIEWERS, false, false);

        assertThat(rows.get(0)).noneMatch(c -> c.startsWith("skipped/s")).doesNotContain("server direct memory", "server GC % of time")
                .contains("**deliveries/s**", "e2e p50 / p99 / p99.9", "server RSS end / peak", "server CPU (kernel)", "drained");
        assertThat(rows.get(1)).hasSameSizeAs(rows.get(0));
        assertThat(cell(rows, rows.get(1), "**deliveries/s**")).isEqualTo("**500,000**");
    }

    @Test
    void givenSteps_points_areOfferedAgainstDeliveriesAndP99InMillis() {
        List<SweepChart.Point> points = SweepTable.points(List.of(step(2_000, 15_000_000, 0, 0, 900)), VIEWERS);

        assertThat(points).singleElement().satisfies(p -> {
            assertThat(p.offered()).isEqualTo(2_000);
            assertThat(p.asked()).isEqualTo(2_000_000);
            assertThat(p.delivered()).isEqualTo(1_500_000);
            assertThat(p.criticalP99Millis()).isBetween(899.0, 901.0);
        });
    }

    /** A 10 s window at {@code rate} messages/s (all sent and accepted), one room of {@link #VIEWERS}. */
    private static PushPhases.Step step(double rate, long entries, long ageSkips, long budgetSkips, long criticalMillis) {
        Meter.Totals cpu = new Meter.Totals();
        cpu.add(new Meter.Reading(10, 12, 6, 4, 2, 700L << 20, 300L << 20, 0, 0));
        cpu.peakServerRss = 800L << 20;
        Windows.Delivery window = new Windows.Delivery();
        window.entries = entries;
        window.skipped[java.util.Arrays.asList(DeliveryStats.SKIP_REASONS).indexOf("age")] = ageSkips * 10;
        window.skipped[java.util.Arrays.asList(DeliveryStats.SKIP_REASONS).indexOf("budget")] = budgetSkips * 10;
        window.e2e.recordValue(criticalMillis * 1_000);
        window.critical.recordValue(criticalMillis * 1_000);
        Windows.Publish published = new Windows.Publish();
        published.sent = (long) (rate * 10);
        published.accepted = (long) (rate * 10);
        PrometheusText end = PrometheusText.parse("""
                jvm_buffer_memory_used_bytes{id="direct"} 67108864
                jvm_buffer_memory_used_bytes{id="mapped"} 1024
                """);
        return new PushPhases.Step(rate, cpu, window, published, List.of(), new JvmTools.Pauses(3, 500), PrometheusText.empty(),
                end, null, window, published, 2, true, null, null);
    }

    private static String cell(List<List<String>> rows, List<String> row, String column) {
        return row.get(rows.get(0).indexOf(column));
    }
}
