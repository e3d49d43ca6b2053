package io.roomcast.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart of a publish-rate sweep, as a PNG next to the Markdown report: offered messages/s on
 * x, deliveries/s on the left axis (measured, and asked for as a dashed line: accepted x viewers),
 * e2e p99 latency in ms on the right axis (and the CRITICAL entries' p99 when there are any), one
 * point per step. A server that copes with overload shows measured deliveries flattening into a
 * plateau while the asked line keeps climbing; a collapse shows as the measured line falling. The
 * left axis stops at 1.5 x the highest measured deliveries/s, so a sweep to 8x past the peak does
 * not squash the plateau to the floor: the asked line then leaves the chart at the top.
 *
 * <p>Drawn by JFreeChart on an off-screen image, so it needs no display: this class sets
 * {@code java.awt.headless=true} before AWT loads. Stateless; thread-safe.
 */
final class SweepChart {
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    static {
        // The generator runs on servers without a display; set before the first AWT class loads.
        System.setProperty("java.awt.headless", "true");
    }

    /** One step of the sweep: rates per second, latencies in milliseconds (NaN when no entry was sampled). */
    record Point(double offered, double asked, double delivered, double p99Millis, double criticalP99Millis) {
    }

    private SweepChart() {
    }

    /** The chart's file for the report of {@code --out=FILE.md}, or null without {@code --out}. */
    static Path pathFor(Options options) {
        String out = options.string("out", null);
        return out == null ? null : pathFor(Path.of(out));
    }

    /** The chart's file for a report file: {@code runs/hot.md} -> {@code runs/hot-sweep.png}. */
    static Path pathFor(Path report) {
        String name = report.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return report.resolveSibling(stem + "-sweep.png");
    }

    /** Writes the chart of {@code points} to {@code png} ({@value #WIDTH} x {@value #HEIGHT}), creating its directory. */
    static void write(String title, List<Point> points, Path png) throws IOException {
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart(title, points), WIDTH, HEIGHT);
    }

    static JFreeChart chart(String title, List<Point> points) {
        XYSeries delivered = new XYSeries("deliveries/s", false);
        XYSeries asked = new XYSeries("deliveries asked/s (accepted x viewers)", false);
        XYSeries p99 = new XYSeries("e2e p99 (ms)", false);
        XYSeries criticalP99 = new XYSeries("CRITICAL e2e p99 (ms)", false);
        for (Point p : points) {
            delivered.add(p.offered(), p.delivered());
            asked.add(p.offered(), p.asked());
            // A step without samples leaves a gap rather than a false zero.
            p99.add(p.offered(), Double.isNaN(p.p99Millis()) ? null : p.p99Millis());
            if (!Double.isNaN(p.criticalP99Millis())) {
                criticalP99.add(p.offered(), p.criticalP99Millis());
            }
        }
        XYSeriesCollection rates = new XYSeriesCollection();
        rates.addSeries(delivered);
        rates.addSeries(asked);
        XYSeriesCollection latencies = new XYSeriesCollection();
        latencies.addSeries(p99);
        if (criticalP99.getItemCount() > 0) {
            latencies.addSeries(criticalP99);
        }

        NumberAxis x = new NumberAxis("offered messages/s");
        x.setAutoRangeIncludesZero(true);
        NumberAxis left = new NumberAxis("deliveries/s");
        left.setAutoRangeIncludesZero(true);
        NumberFormat compact = NumberFormat.getCompactNumberInstance(Locale.ROOT, NumberFormat.Style.SHORT);
        compact.setMaximumFractionDigits(1);
        left.setNumberFormatOverride(compact);
        double topDelivered = points.stream().mapToDouble(Point::delivered).max().orElse(0);
        double topAsked = points.stream().mapToDouble(Point::asked).max().orElse(0);
        if (topDelivered > 0 && topAsked > 1.5 * topDelivered) {
            left.setRange(0, 1.5 * topDelivered);
        }
        NumberAxis right = new NumberAxis("p99 latency (ms)");
        right.setAutoRangeIncludesZero(true);

        XYLineAndShapeRenderer rateLines = new XYLineAndShapeRenderer(true, true);
        rateLines.setSeriesPaint(0, new Color(0x1f77b4));
        rateLines.setSeriesStroke(0, new BasicStroke(2.5f));
        rateLines.setSeriesPaint(1, Color.GRAY);
        rateLines.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        rateLines.setSeriesShapesVisible(1, false);
        XYLineAndShapeRenderer latencyLines = new XYLineAndShapeRenderer(true, true);
        latencyLines.setSeriesPaint(0, new Color(0xd62728));
        latencyLines.setSeriesStroke(0, new BasicStroke(2f));
        latencyLines.setSeriesPaint(1, new Color(0x9467bd));
        latencyLines.setSeriesStroke(1, new BasicStroke(2f));

        XYPlot plot = new XYPlot(rates, x, left, rateLines);
        plot.setDataset(1, latencies);
        plot.setRangeAxis(1, right);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, latencyLines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("deliveries/s (left) and e2e p99 latency (right) against offered messages/s, "
                + "one point per step (measure windows)"));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
