package io.nowcast.bench;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.KeyStateCodec;
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
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bench's data: the served model (LSTM H=64 × 2 layers, horizon 24, default features), the
 * synthetic readings (a noisy sine per key, one a second) and the sizes the pass-through must copy
 * (a real KeyState blob and a real Forecast of this model).
 */
public final class BenchWorkload {

  /** Name the bench model is published and served under. */
  public static final String MODEL_NAME = "bench";

  /** Hidden width of each of the two LSTM layers. */
  public static final int HIDDEN = 64;

  /** Forecast steps per event. */
  public static final int HORIZON = 24;

  /** Milliseconds between two readings of one key. */
  public static final long INTERVAL_MS = 1_000;

  private static final long SEED = 4;
  private final ModelSnapshot snapshot;
  private final ServingModel serving;
  private final EngineSettings engineSettings;

  /**
   * @param engineSettings the settings the forecaster will run with (ring size shapes the state)
   */
  public BenchWorkload(EngineSettings engineSettings) {
    this.engineSettings = engineSettings;
    FeatureSpec features = FeatureSpec.DEFAULT;
    NetworkSpec spec =
        NetworkSpec.of(
            CellType.LSTM,
            features.inputSize(),
            new int[] {HIDDEN, HIDDEN},
            HORIZON,
            OutputKind.POINT);
    float[] parameters = Network.initialise(spec, SEED).parameters();
    this.snapshot =
        Snapshots.toSnapshot(
            new ModelContent(
                MODEL_NAME, 1, Instant.EPOCH, spec, features.toString(), parameters, null, null));
    this.serving =
        ServingModel.from(
            SnapshotValidator.forServing().validate(snapshot),
            engineSettings.defaultIntervalLevel());
  }

  /** The ModelSnapshot to publish as {@code bench@1}. */
  public ModelSnapshot snapshot() {
    return snapshot;
  }

  /** Sensor id of key number {@code index}. */
  public static String sensorId(int index) {
    return String.format("sensor-%04d", index);
  }

  /**
   * Reading {@code step} of key {@code key}: a sine of period 60 steps, a per-key phase and level,
   * and noise.
   */
  public static SensorReading reading(int key, long step, Instant at, SplittableRandom noise) {
    double phase = key * 0.37;
    double value =
        20
            + key % 10
            + 5 * Math.sin(2 * Math.PI * step / 60.0 + phase)
            + noise.nextDouble(-0.5, 0.5);
    return new SensorReading(sensorId(key), at, value, Map.of());
  }

  /**
   * What the forecaster does to one key over {@code readings} readings, run offline: the final
   * state's size and the last forecast (the pass-through copies both).
   */
  public Sample sample(int readings) {
    OfflineForecaster forecaster = new OfflineForecaster(engineSettings, serving);
    SplittableRandom noise = new SplittableRandom(SEED);
    Forecast last = null;
    for (int step = 0; step < readings; step++) {
      Outcome outcome =
          forecaster.accept(reading(0, step, Instant.ofEpochMilli(step * INTERVAL_MS), noise));
      if (outcome.forecast() != null) {
        last = outcome.forecast();
      }
    }
    if (last == null) {
      throw new IllegalStateException(
          "the bench model made no forecast in " + readings + " readings");
    }
    return new Sample(KeyStateCodec.latest().encodedSize(forecaster.state()), last);
  }

  /**
   * @param stateBytes size of one key's state blob after the preload's readings
   * @param forecast a Forecast of this model (HORIZON points), the template of the pass-through's
   *     output
   */
  public record Sample(int stateBytes, Forecast forecast) {}
}
