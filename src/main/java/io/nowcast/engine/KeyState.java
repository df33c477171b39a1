package io.nowcast.engine;

/**
 * Everything the forecaster remembers about one key, as parts that each own their fields, their
 * update rule and their binary form: the key's {@linkplain KeyProgress progress} (readings
 * processed, the last one), the {@linkplain RecurrentState recurrent state} and the model version
 * that computed it, the feature pipeline's {@linkplain Normalisation normalisation} statistics, the
 * {@linkplain ObservationRing ring} of the last W raw observations, the {@linkplain PendingForecast
 * pending} step-1 forecast, the {@linkplain AccuracyWindow accuracy window} and the online
 * {@linkplain IntervalScales interval scales}. {@link KeyStateCodec} stores it; the layout is in
 * {@code docs/state-format.md}.
 *
 * <p>Mutable and not thread-safe: one instance per key in flight. Only {@link ForecastEngine}
 * changes it (and the codec, when it decodes into it); everyone else reads the accessors.
 */
public final class KeyState {
  /** {@link #modelVersion()} of a state no model has computed yet. */
  public static final long NO_MODEL = -1;

  final KeyProgress progress = new KeyProgress();
  final RecurrentState recurrent = new RecurrentState();
  final Normalisation normalisation = new Normalisation();
  final ObservationRing ring;
  final PendingForecast pending = new PendingForecast();
  final AccuracyWindow accuracy = new AccuracyWindow();
  final IntervalScales intervals = new IntervalScales();

  /** A new key's state with an empty ring of {@code ringCapacity} observations. */
  KeyState(int ringCapacity) {
    ring = new ObservationRing(ringCapacity);
  }

  /** Version of the model the recurrent state was computed with, or {@link #NO_MODEL}. */
  public long modelVersion() {
    return recurrent.modelVersion();
  }

  /** Event time (epoch millis) of the last processed observation; 0 before the first. */
  public long lastTimestamp() {
    return progress.lastTimestamp();
  }

  /** The last processed value; 0 before the first observation. */
  public double lastValue() {
    return progress.lastValue();
  }

  /**
   * Number of observations processed for this key (skipped events excluded), capped at {@code
   * Integer.MAX_VALUE}.
   */
  public int observations() {
    return (int) Math.min(progress.observations(), Integer.MAX_VALUE);
  }

  /** Raw observations currently held for re-warming. */
  public int bufferedObservations() {
    return ring.size();
  }

  @Override
  public String toString() {
    return "KeyState{model "
        + modelVersion()
        + ", "
        + progress.observations()
        + " observations, last "
        + lastTimestamp()
        + "="
        + lastValue()
        + ", ring "
        + ring.size()
        + "/"
        + ring.capacity()
        + ", "
        + intervals.steps()
        + " interval steps}";
  }
}
