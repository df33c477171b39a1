package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.AccuracyReport;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void beforeTheFirstModelTheLineSaysSo() {
    DemoStatus before = new DemoStatus(T0, 0, 0, -1, Map.of());
    DemoStatus after = new DemoStatus(T0.plusSeconds(5), 100, 0, -1, Map.of());
    assertEquals(
        "demo: 20 readings/s, 0 forecasts/s, no model yet (training), "
            + "MAE vs repeat-last-value: not scored yet",
        after.summaryLine(before));
  }

  @Test
  void accuracyIsTheMeanRatioOverSensorsSoUnitsDoNotMatter() {
    Map<String, AccuracyReport> accuracy =
        Map.of(
            "taxi", report("taxi", 500, 1000, 2), // ratio 0.5: the model wins
            "temp", report("temp", 0.3, 0.2, 2), // ratio 1.5: repeat-last-value wins
            "new", report("new", 1, 1, 0)); // persistence fallback (v0): not counted
    DemoStatus before = new DemoStatus(T0, 0, 0, 2, Map.of());
    DemoStatus after = new DemoStatus(T0.plusSeconds(2), 40, 30, 2, accuracy);
    assertEquals(
        "demo: 20 readings/s, 15 forecasts/s, model demo v2, "
            + "MAE vs repeat-last-value 1.00x (model better on 1 of 2 sensors)",
        after.summaryLine(before));
  }

  private static AccuracyReport report(
      String sensor, double mae, double persistenceMae, long version) {
    return AccuracyReport.newBuilder()
        .setSensorId(sensor)
        .setWindowStart(T0)
        .setWindowEnd(T0)
        .setCount(50)
        .setMae(mae)
        .setRmse(mae)
        .setPersistenceMae(persistenceMae)
        .setCoverage(0.8)
        .setModelVersion(version)
        .build();
  }
}
