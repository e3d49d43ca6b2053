package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's chart: a PNG of a fixed size, named after the report. */
class SweepChartTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void givenMadeUpSteps_write_drawsAPngOfTheChartSize(@TempDir Path dir) throws Exception {
        // A plateau: offered 250..16,000 messages/s, deliveries flat from 4,000 on, p99 rising; one step without samples.
        List<SweepChart.Point> points = List.of(
                new SweepChart.Point(250, 2_500_000, 2_500_000, 520, Double.NaN),
                new SweepChart.Point(1_000, 10_000_000, 9_990_000, 540, 530),
                new SweepChart.Point(4_000, 40_000_000, 21_000_000, 900, 560),
                new SweepChart.Point(16_000, 160_000_000, 20_500_000, 2_400, 610),
                new SweepChart.Point(32_000, 320_000_000, 20_100_000, Double.NaN, Double.NaN));
        Path png = dir.resolve("runs").resolve("hot-sweep.png");

        SweepChart.write("hot-room sweep, TLS, 10,000 viewers, 2026-01-01", points, png);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(SweepChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(SweepChart.HEIGHT);
    }

    @Test
    void givenAReportFile_pathFor_isItsSiblingWithSweepPng() {
        assertThat(SweepChart.pathFor(Path.of("runs", "hot.md"))).isEqualTo(Path.of("runs", "hot-sweep.png"));
        assertThat(SweepChart.pathFor(Path.of("report"))).isEqualTo(Path.of("report-sweep.png"));
    }
}
