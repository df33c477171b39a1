package io.nowcast.engine;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import java.time.Instant;
import java.util.List;

/**
 * Builds the output records through the generated setters, which take primitives: the generated
 * all-argument constructors take boxed values, one extra allocation per number on the hot path.
 */
final class Records {
  private Records() {}

  static ForecastPoint point(
      int step, long expectedMillis, double mean, double lower, double upper) {
    ForecastPoint point = new ForecastPoint();
    point.setStep(step);
    point.setTimestamp(Instant.ofEpochMilli(expectedMillis));
    point.setMean(mean);
    point.setLower(lower);
    point.setUpper(upper);
    return point;
  }

  static Forecast forecast(
      String sensorId,
      Instant timestamp,
      double observed,
      String modelName,
      long modelVersion,
      List<ForecastPoint> horizon,
      double intervalLevel,
      long producedAtMillis) {
    Forecast forecast = new Forecast();
    forecast.setSensorId(sensorId);
    forecast.setTimestamp(timestamp);
    forecast.setObserved(observed);
    forecast.setModelName(modelName);
    forecast.setModelVersion(modelVersion);
    forecast.setHorizon(horizon);
    forecast.setIntervalLevel(intervalLevel);
    forecast.setProducedAt(Instant.ofEpochMilli(producedAtMillis));
    return forecast;
  }
}
