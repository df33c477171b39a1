package io.nowcast.web.dashboard;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import java.time.Instant;
import java.util.List;

/** Small hand-made records for the feed tests. */
final class TestForecasts {

  static final long MINUTE = 60_000;
  static final long T0 = 1_700_000_000_000L;

  private TestForecasts() {}

  /** Sensor's forecast at minute {@code i}: observed {@code i}, step-1 mean {@code i + 0.5} ± 1. */
  static Forecast forecast(String sensorId, int i, long version) {
    ForecastPoint next =
        ForecastPoint.newBuilder()
            .setStep(1)
            .setTimestamp(Instant.ofEpochMilli(T0 + (i + 1) * MINUTE))
            .setMean(i + 0.5)
            .setLower(i - 0.5)
            .setUpper(i + 1.5)
            .build();
    return Forecast.newBuilder()
        .setSensorId(sensorId)
        .setTimestamp(Instant.ofEpochMilli(T0 + i * MINUTE))
        .setObserved(i)
        .setModelName("temperature")
        .setModelVersion(version)
        .setHorizon(List.of(next))
        .setIntervalLevel(0.8)
        .setProducedAt(Instant.ofEpochMilli(T0 + i * MINUTE + 5))
        .build();
  }

  static AccuracyReport accuracy(String sensorId, double mae, double persistenceMae) {
    return AccuracyReport.newBuilder()
        .setSensorId(sensorId)
        .setWindowStart(Instant.ofEpochMilli(T0))
        .setWindowEnd(Instant.ofEpochMilli(T0 + 99 * MINUTE))
        .setCount(100)
        .setMae(mae)
        .setRmse(mae * 1.2)
        .setPersistenceMae(persistenceMae)
        .setCoverage(0.81)
        .setModelVersion(3)
        .build();
  }
}
