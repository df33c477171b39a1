package io.nowcast.web.dashboard;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Test stand-in for the forecaster: turns a NAB series into the records the real one emits, with an
 * exponentially smoothed level as the forecast and a band of ±1.28 rolling mean absolute errors
 * (about 80%). Good enough to give the dashboard realistic shapes; not a model.
 */
final class StandInForecaster {

  static final String MODEL_NAME = "stand-in";
  private static final double SMOOTHING = 0.3;
  private static final double Z_80 = 1.2816;

  /** The step assumed before a second reading shows the series' interval. */
  private static final long FIRST_STEP_MILLIS = 300_000;

  private static final int ACCURACY_EVERY = 50;
  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final String sensorId;
  private double level = Double.NaN;
  private double previous = Double.NaN;
  private Instant previousTime;
  private double meanAbsError;
  private double pendingMean = Double.NaN;
  private double pendingLower;
  private double pendingUpper;
  private final List<double[]> window = new ArrayList<>();
  private long windowStart;

  StandInForecaster(String sensorId) {
    this.sensorId = sensorId;
  }

  /** One NAB reading: its event time and value. */
  record Reading(Instant timestamp, double value) {}

  /**
   * The rows of a NAB CSV on the test classpath (e.g. {@code
   * /nab/ambient_temperature_system_failure.csv}).
   */
  static List<Reading> readNab(String resource) {
    InputStream stream = StandInForecaster.class.getResourceAsStream(resource);
    if (stream == null) {
      throw new IllegalArgumentException("test resource " + resource + " not found");
    }
    List<Reading> readings = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] fields = line.split(",");
        Instant time = LocalDateTime.parse(fields[0], NAB_TIME).toInstant(ZoneOffset.UTC);
        readings.add(new Reading(time, Double.parseDouble(fields[1])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
    return readings;
  }

  /** The forecast after this reading, made by "model" {@code version}. */
  Forecast forecast(Reading reading, long version) {
    score(reading);
    level =
        Double.isNaN(level)
            ? reading.value()
            : SMOOTHING * reading.value() + (1 - SMOOTHING) * level;
    double halfWidth = Math.max(Z_80 * meanAbsError, 1e-6);
    pendingMean = level;
    pendingLower = level - halfWidth;
    pendingUpper = level + halfWidth;
    long step =
        previousTime == null
            ? FIRST_STEP_MILLIS
            : reading.timestamp().toEpochMilli() - previousTime.toEpochMilli();
    previous = reading.value();
    previousTime = reading.timestamp();
    ForecastPoint next =
        ForecastPoint.newBuilder()
            .setStep(1)
            .setTimestamp(reading.timestamp().plusMillis(step))
            .setMean(pendingMean)
            .setLower(pendingLower)
            .setUpper(pendingUpper)
            .build();
    return Forecast.newBuilder()
        .setSensorId(sensorId)
        .setTimestamp(reading.timestamp())
        .setObserved(reading.value())
        .setModelName(MODEL_NAME)
        .setModelVersion(version)
        .setHorizon(List.of(next))
        .setIntervalLevel(0.8)
        .setProducedAt(Instant.now())
        .build();
  }

  /**
   * A report when {@value #ACCURACY_EVERY} forecasts have been scored since the last one, else
   * null.
   */
  AccuracyReport accuracyReport(Instant at, long version) {
    if (window.size() < ACCURACY_EVERY) {
      return null;
    }
    double absolute = 0;
    double squared = 0;
    double naive = 0;
    double covered = 0;
    for (double[] scored : window) {
      absolute += Math.abs(scored[0]);
      squared += scored[0] * scored[0];
      naive += Math.abs(scored[1]);
      covered += scored[2];
    }
    int n = window.size();
    window.clear();
    return AccuracyReport.newBuilder()
        .setSensorId(sensorId)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(at)
        .setCount(n)
        .setMae(absolute / n)
        .setRmse(Math.sqrt(squared / n))
        .setPersistenceMae(naive / n)
        .setCoverage(covered / n)
        .setModelVersion(version)
        .build();
  }

  private void score(Reading reading) {
    if (Double.isNaN(pendingMean)) {
      return;
    }
    double error = reading.value() - pendingMean;
    meanAbsError = meanAbsError == 0 ? Math.abs(error) : 0.9 * meanAbsError + 0.1 * Math.abs(error);
    if (window.isEmpty()) {
      windowStart = reading.timestamp().toEpochMilli();
    }
    boolean inside = reading.value() >= pendingLower && reading.value() <= pendingUpper;
    window.add(new double[] {error, reading.value() - previous, inside ? 1 : 0});
  }
}
