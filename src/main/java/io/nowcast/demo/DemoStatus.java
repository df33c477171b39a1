package io.nowcast.demo;

import io.nowcast.avro.AccuracyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's figures at one moment, and the terminal summary line they make.
 *
 * @param at when the figures were read
 * @param readingsSent readings replayed onto the input topic so far
 * @param forecasts forecasts read back from the output topic so far
 * @param modelVersion the version the forecaster serves (0 or less before the first model)
 * @param accuracy the newest accuracy report of each sensor
 */
public record DemoStatus(
    Instant at,
    long readingsSent,
    long forecasts,
    long modelVersion,
    Map<String, AccuracyReport> accuracy) {

  /**
   * One line for the terminal, with rates since {@code previous}, e.g. {@code 40 readings/s, 39
   * forecasts/s, model demo v2, MAE vs repeat-last-value 0.82x (model better on 3 of 4 sensors)}.
   * The MAE figure is the mean over sensors of each sensor's MAE divided by its repeat-last-value
   * MAE, so sensors in different units weigh the same; below 1 means the model wins.
   */
  public String summaryLine(DemoStatus previous) {
    double seconds = Math.max(1e-3, Duration.between(previous.at, at).toMillis() / 1000.0);
    String model =
        modelVersion <= 0
            ? "no model yet (training)"
            : "model " + Demo.MODEL_NAME + " v" + modelVersion;
    return String.format(
        Locale.ROOT,
        "demo: %.0f readings/s, %.0f forecasts/s, %s, %s",
        (readingsSent - previous.readingsSent) / seconds,
        (forecasts - previous.forecasts) / seconds,
        model,
        accuracyText());
  }

  private String accuracyText() {
    long scored = accuracy.values().stream().filter(DemoStatus::comparable).count();
    if (scored == 0) {
      return "MAE vs repeat-last-value: not scored yet";
    }
    double meanRatio =
        accuracy.values().stream()
            .filter(DemoStatus::comparable)
            .mapToDouble(report -> report.getMae() / report.getPersistenceMae())
            .average()
            .orElse(Double.NaN);
    long better =
        accuracy.values().stream()
            .filter(DemoStatus::comparable)
            .filter(report -> report.getMae() < report.getPersistenceMae())
            .count();
    return String.format(
        Locale.ROOT,
        "MAE vs repeat-last-value %.2fx (model better on %d of %d sensors)",
        meanRatio,
        better,
        scored);
  }

  private static boolean comparable(AccuracyReport report) {
    return report.getModelVersion() > 0
        && Double.isFinite(report.getMae())
        && Double.isFinite(report.getPersistenceMae())
        && report.getPersistenceMae() > 0;
  }
}
