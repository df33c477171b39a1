package io.nowcast.engine;

import io.nowcast.avro.SensorReading;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one key's time-ordered series through a {@link ForecastEngine}, exactly as the forecaster
 * does, and hands every {@link Outcome} to a callback: the backtest and the tests use it so their
 * numbers come from the serving code path. {@code produced_at} is stamped with each reading's event
 * time, so two runs over the same series give identical records. Not thread-safe.
 */
public final class OfflineForecaster {
  private final ForecastEngine engine;
  private ServingModel model;
  private KeyState state;
  private String sensorId;

  /** A runner serving {@code modelOrNull} (null: no model yet). */
  public OfflineForecaster(EngineSettings settings, ServingModel modelOrNull) {
    this.engine = new ForecastEngine(settings);
    this.model = modelOrNull;
  }

  /** Installs another model (or none) for the following readings, as a model swap does online. */
  public void useModel(ServingModel modelOrNull) {
    this.model = modelOrNull;
  }

  /**
   * Processes one reading; the state advances unless the outcome says it was skipped.
   *
   * @throws IllegalArgumentException if the reading belongs to another key than the first one
   */
  public Outcome accept(SensorReading reading) {
    Objects.requireNonNull(reading, "reading");
    if (sensorId == null) {
      sensorId = reading.getSensorId();
    } else if (!sensorId.equals(reading.getSensorId())) {
      throw new IllegalArgumentException(
          "sensor_id: this runner serves '"
              + sensorId
              + "', got a reading of '"
              + reading.getSensorId()
              + "'");
    }
    Outcome outcome =
        engine.onReading(state, reading, model, reading.getTimestamp().toEpochMilli());
    if (outcome.state() != null) {
      state = outcome.state();
    }
    return outcome;
  }

  /** Processes every reading in order, handing each outcome to {@code sink}. */
  public void run(Iterable<SensorReading> series, Consumer<Outcome> sink) {
    for (SensorReading reading : series) {
      sink.accept(accept(reading));
    }
  }

  /** The key's state after the last processed reading, or null before the first. */
  public KeyState state() {
    return state;
  }
}
