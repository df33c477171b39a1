package io.nowcast.stream;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.OfflineForecaster;
import io.nowcast.engine.Outcome;
import io.nowcast.engine.ServingModel;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.ModelContent;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Models, reading series and offline expectations shared by the forecaster tests. */
final class StreamFixtures {

  /** Event time of the first reading of every series. */
  static final Instant SERIES_START = Instant.parse("2026-03-01T00:00:00Z");

  /** The readings' regular interval. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  static final String MODEL_NAME = "fleet";
  static final int HORIZON = 3;
  static final int RING = 64;
  static final int ACCURACY_EVERY = 5;
  static final double LEVEL = 0.8;
  static final EngineSettings SETTINGS = new EngineSettings(RING, ACCURACY_EVERY, false, LEVEL);

  private StreamFixtures() {}

  /** A seeded LSTM snapshot of {@link #MODEL_NAME} over {@code features}, no calibration. */
  static ModelSnapshot snapshot(long version, String features, long seed) {
    int inputSize = FeatureSpec.parse(features).inputSize();
    NetworkSpec spec =
        NetworkSpec.of(CellType.LSTM, inputSize, new int[] {8}, HORIZON, OutputKind.POINT);
    float[] parameters = Network.initialise(spec, seed).parameters();
    return Snapshots.toSnapshot(
        new ModelContent(
            MODEL_NAME, version, SERIES_START, spec, features, parameters, null, null));
  }

  static ServingModel serving(ModelSnapshot snapshot) {
    return ServingModel.from(SnapshotValidator.forServing().validate(snapshot), LEVEL);
  }

  /**
   * {@code count} readings of {@code sensor}, one a minute with a 7-minute gap after the 12th, a
   * wave plus a per-sensor offset, and one covariate the models ignore.
   */
  static List<SensorReading> series(String sensor, int count) {
    List<SensorReading> readings = new ArrayList<>(count);
    Instant at = SERIES_START;
    double offset = sensor.hashCode() % 7;
    for (int i = 0; i < count; i++) {
      double value = offset + 20 + 3 * Math.sin(i / 4.0) + ((i * 37) % 11) / 10.0;
      readings.add(new SensorReading(sensor, at, value, Map.of("ambient", (double) i)));
      at = at.plus(i == 11 ? INTERVAL.multipliedBy(8) : INTERVAL);
    }
    return readings;
  }

  /**
   * What the offline runner emits for {@code readings} with {@code model}: forecasts and reports.
   */
  static Expected offline(
      ServingModel model, List<SensorReading> readings, EngineSettings settings) {
    OfflineForecaster runner = new OfflineForecaster(settings, model);
    Expected expected = new Expected(new ArrayList<>(), new ArrayList<>());
    runner.run(readings, expected::add);
    return expected;
  }

  /** Copies {@code forecast} with {@code produced_at} cleared, the one field allowed to differ. */
  static Forecast withoutProducedAt(Forecast forecast) {
    return Forecast.newBuilder(forecast).setProducedAt(Instant.EPOCH).build();
  }

  static List<Forecast> withoutProducedAt(List<Forecast> forecasts) {
    return forecasts.stream().map(StreamFixtures::withoutProducedAt).toList();
  }

  /** Offline outcomes, collected. */
  record Expected(List<Forecast> forecasts, List<AccuracyReport> reports) {
    void add(Outcome outcome) {
      if (outcome.forecast() != null) {
        forecasts.add(outcome.forecast());
      }
      if (outcome.report() != null) {
        reports.add(outcome.report());
      }
    }
  }
}
