package io.nowcast.reliability;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.GeneratedClassTrust;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model, the reading streams and the offline reference shared by the reliability tests. */
final class ReliabilityFixtures {

  static final String MODEL_NAME = "fleet";
  static final String FEATURES = "value,dt,gap";
  static final Instant SERIES_START = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration INTERVAL = Duration.ofMinutes(1);
  static final int RING = 64;
  static final int ACCURACY_EVERY = 50;
  static final double LEVEL = 0.8;
  static final EngineSettings SETTINGS = new EngineSettings(RING, ACCURACY_EVERY, false, LEVEL);

  static {
    // Copying a Forecast (withoutProducedAt) loads generated classes through Avro's class check.
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private ReliabilityFixtures() {}

  /** A seeded LSTM snapshot (hidden 16, horizon 3) of {@link #MODEL_NAME}. */
  static ModelSnapshot snapshot(long version, long seed) {
    int inputSize = FeatureSpec.parse(FEATURES).inputSize();
    NetworkSpec spec =
        NetworkSpec.of(CellType.LSTM, inputSize, new int[] {16}, 3, OutputKind.POINT);
    float[] parameters = Network.initialise(spec, seed).parameters();
    return Snapshots.toSnapshot(
        new ModelContent(
            MODEL_NAME, version, SERIES_START, spec, FEATURES, parameters, null, null));
  }

  /**
   * {@code perSensor} readings for each of {@code sensors} sensors, interleaved in event-time order
   * (the order a fleet would publish them): a wave with a per-sensor phase and offset, one a
   * minute, with a 9-minute gap every 40 readings so the gap features see non-trivial input.
   */
  static List<SensorReading> fleet(int sensors, int perSensor) {
    List<SensorReading> readings = new ArrayList<>(sensors * perSensor);
    for (int i = 0; i < perSensor; i++) {
      Instant at = SERIES_START.plus(INTERVAL.multipliedBy(i + 8L * (i / 40)));
      for (int s = 0; s < sensors; s++) {
        double value = 15 + s % 9 + 4 * Math.sin((i + 3.0 * s) / 6.0) + ((i * 37 + s) % 11) / 10.0;
        readings.add(new SensorReading(sensorId(s), at, value, Map.of()));
      }
    }
    return readings;
  }

  static String sensorId(int index) {
    return String.format("sensor-%03d", index);
  }

  /**
   * The forecasts an uninterrupted forecaster emits for {@code readings}, per sensor, without
   * {@code produced_at}.
   */
  static Map<ForecastKey, Forecast> reference(
      ModelSnapshot snapshot, List<SensorReading> readings) {
    ServingModel model =
        ServingModel.from(SnapshotValidator.forServing().validate(snapshot), LEVEL);
    Map<String, List<SensorReading>> bySensor = new LinkedHashMap<>();
    readings.forEach(r -> bySensor.computeIfAbsent(r.getSensorId(), k -> new ArrayList<>()).add(r));
    Map<ForecastKey, Forecast> expected = new LinkedHashMap<>();
    bySensor
        .values()
        .forEach(
            series ->
                new OfflineForecaster(SETTINGS, model)
                    .run(
                        series,
                        (Outcome outcome) -> {
                          if (outcome.forecast() != null) {
                            Forecast forecast = withoutProducedAt(outcome.forecast());
                            expected.put(ForecastKey.of(forecast), forecast);
                          }
                        }));
    return expected;
  }

  /**
   * Copies {@code forecast} with {@code produced_at} cleared, the one field allowed to differ
   * between runs.
   */
  static Forecast withoutProducedAt(Forecast forecast) {
    return Forecast.newBuilder(forecast).setProducedAt(Instant.EPOCH).build();
  }

  /** Identifies a forecast: one per (sensor, reading timestamp) in a correct run. */
  record ForecastKey(String sensorId, Instant timestamp) implements Comparable<ForecastKey> {
    static ForecastKey of(Forecast forecast) {
      return new ForecastKey(forecast.getSensorId(), forecast.getTimestamp());
    }

    @Override
    public int compareTo(ForecastKey other) {
      return Comparator.comparing(ForecastKey::sensorId)
          .thenComparing(ForecastKey::timestamp)
          .compare(this, other);
    }
  }
}
