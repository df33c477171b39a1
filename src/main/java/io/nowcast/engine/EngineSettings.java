package io.nowcast.engine;

/**
 * How a {@link ForecastEngine} treats every key.
 *
 * @param ringBufferSize W, the number of most recent raw observations kept per key for re-warming a
 *     new model (0 to 65535); a state stored with another W is trimmed or grown on its next event
 * @param accuracyEveryEvents an {@link io.nowcast.avro.AccuracyReport} is emitted each time this
 *     many forecasts of a key have been scored (at least 1)
 * @param persistenceFallback when no model is installed, emit a forecast repeating the last value
 *     (model name {@value ForecastEngine#PERSISTENCE_MODEL_NAME}, version 0) instead of nothing
 * @param defaultIntervalLevel nominal interval coverage in (0, 1) for models without a calibration,
 *     and of persistence forecasts
 */
public record EngineSettings(
    int ringBufferSize,
    int accuracyEveryEvents,
    boolean persistenceFallback,
    double defaultIntervalLevel) {

  /** Largest ring the binary state format can hold (its size is an unsigned 16-bit field). */
  public static final int MAX_RING_BUFFER_SIZE = 0xFFFF;

  public EngineSettings {
    if (ringBufferSize < 0 || ringBufferSize > MAX_RING_BUFFER_SIZE) {
      throw new IllegalArgumentException(
          "ringBufferSize: expected 0.." + MAX_RING_BUFFER_SIZE + ", got " + ringBufferSize);
    }
    if (accuracyEveryEvents < 1) {
      throw new IllegalArgumentException(
          "accuracyEveryEvents: expected at least 1, got " + accuracyEveryEvents);
    }
    if (!(defaultIntervalLevel > 0 && defaultIntervalLevel < 1)) {
      throw new IllegalArgumentException(
          "defaultIntervalLevel: expected a value in (0, 1), got " + defaultIntervalLevel);
    }
  }
}
