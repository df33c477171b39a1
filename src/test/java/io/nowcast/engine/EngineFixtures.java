package io.nowcast.engine;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.model.ModelContent;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.model.ValidatedModel;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models and seeded series for the engine tests. */
final class EngineFixtures {
  static final String SENSOR = "pump-7";
  static final long START = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000L;
  private static final Instant CREATED = Instant.parse("2026-11-26T00:00:00Z");

  private EngineFixtures() {}

  /** A randomly initialised model validated exactly as the forecaster validates one. */
  static ServingModel model(
      String features,
      CellType cell,
      int[] layers,
      int horizon,
      OutputKind output,
      long version,
      Calibration calibration) {
    NetworkSpec spec =
        NetworkSpec.of(cell, FeaturePipeline.of(features).inputSize(), layers, horizon, output);
    float[] parameters = Network.initialise(spec, 1000 + version).parameters();
    return serving(spec, features, parameters, version, calibration);
  }

  static ServingModel lstm(String features, long version) {
    return model(features, CellType.LSTM, new int[] {8, 8}, 4, OutputKind.POINT, version, null);
  }

  static ServingModel serving(
      NetworkSpec spec,
      String features,
      float[] parameters,
      long version,
      Calibration calibration) {
    ModelContent content =
        new ModelContent("fleet", version, CREATED, spec, features, parameters, calibration, null);
    ValidatedModel validated =
        SnapshotValidator.forServing().validate(Snapshots.toSnapshot(content));
    return ServingModel.from(validated, 0.8);
  }

  static SensorReading reading(long timestamp, double value) {
    return reading(timestamp, value, Map.of());
  }

  static SensorReading reading(long timestamp, double value, Map<String, Double> covariates) {
    return new SensorReading(SENSOR, Instant.ofEpochMilli(timestamp), value, covariates);
  }

  /**
   * A noisy daily-ish sine every minute with one ten-minute gap at index {@code n/2}; every third
   * reading carries a {@code temp} covariate, every fifth an unused {@code humidity}.
   */
  static List<SensorReading> series(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SensorReading> readings = new ArrayList<>(n);
    long timestamp = START;
    for (int i = 0; i < n; i++) {
      timestamp += i == n / 2 ? 10 * MINUTE : MINUTE;
      double value = 50 + 10 * StrictMath.sin(i / 9.0) + random.nextDouble(-1, 1);
      readings.add(reading(timestamp, value, covariates(i, random)));
    }
    return readings;
  }

  private static Map<String, Double> covariates(int i, SplittableRandom random) {
    if (i % 15 == 0) {
      return Map.of("temp", 20 + random.nextDouble(), "humidity", 0.5);
    }
    if (i % 3 == 0) {
      return Map.of("temp", 20 + random.nextDouble());
    }
    return i % 5 == 0 ? Map.of("humidity", 0.4) : Map.of();
  }

  static EngineSettings settings(int ring) {
    return new EngineSettings(ring, 1000, false, 0.8);
  }
}
