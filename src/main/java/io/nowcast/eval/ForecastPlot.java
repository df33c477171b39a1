package io.nowcast.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws a {@link ForecastTrace} as a PNG: actual values, the step-1 forecast with its interval band
 * and the step-H forecast. Rendered headless, so it works on servers without a display.
 */
public final class ForecastPlot {

  static final int WIDTH = 1200;
  static final int HEIGHT = 500;

  private ForecastPlot() {}

  /** Writes the chart of {@code trace} to {@code png} (replaced if present). */
  public static void write(ForecastTrace trace, int horizon, String title, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(
        band(
            "step-1 forecast (interval)",
            trace,
            trace.stepOneMean(),
            trace.stepOneLower(),
            trace.stepOneUpper()));
    data.addSeries(band("actual", trace, trace.actual(), trace.actual(), trace.actual()));
    data.addSeries(
        band(
            "step-" + horizon + " forecast",
            trace,
            trace.lastStepMean(),
            trace.lastStepMean(),
            trace.lastStepMean()));
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setSeriesPaint(0, new Color(31, 119, 180));
    renderer.setSeriesFillPaint(0, new Color(31, 119, 180));
    renderer.setSeriesPaint(1, Color.BLACK);
    renderer.setSeriesPaint(2, new Color(214, 39, 40));
    for (int i = 0; i < 3; i++) {
      renderer.setSeriesStroke(i, new BasicStroke(1.2f));
    }
    renderer.setAlpha(0.25f);
    XYPlot plot = new XYPlot(data, new DateAxis("time (UTC)"), new NumberAxis("value"), renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }

  private static YIntervalSeries band(
      String name, ForecastTrace trace, double[] mean, double[] lower, double[] upper) {
    YIntervalSeries series = new YIntervalSeries(name);
    for (int i = 0; i < trace.length(); i++) {
      series.add(trace.timestamps()[i], mean[i], lower[i], upper[i]);
    }
    return series;
  }
}
