package io.nowcast.features;

import java.util.List;
import java.util.Map;

/**
 * The one feature pipeline: turns a key's readings, one at a time, into the network's input
 * vectors, and maps network outputs back to the value's scale. The trainer, the backtest and the
 * forecaster all use it, so offline scores predict online behaviour.
 *
 * <p>Immutable and thread-safe; all per-key memory lives in the caller's {@link FeatureState}.
 * {@link #observe} allocates nothing. Every transcendental function is {@link StrictMath} and the
 * evaluation order is fixed, so a restarted (cold) JVM produces the same bits as a warm one.
 *
 * <p>Causality: the value input at time t is normalised with statistics that include the reading at
 * t and nothing later. Targets built at the same origin ({@link #normaliseTarget}) use the same
 * statistics, so an identity network would forecast "repeat the last value" (with {@code
 * target=delta} the zero output does, whatever the statistics). The Δt and gap inputs compare Δt
 * with the typical interval known <em>before</em> this reading.
 *
 * <p>Start-up and degenerate variance: the first reading has mean = value and variance 0; the
 * statistics are the plain (unweighted) mean and population variance until {@code 1/α} readings
 * have been seen (α is the per-event EW weight of the half-life), which avoids the bias of an EW
 * mean seeded with one value. The standard deviation used for scaling is never below {@code
 * max(1e-6, 1e-3·|mean|)}, so a constant series gives finite inputs (0) instead of 0/0.
 */
public final class FeaturePipeline {

  /** Floor of the scaling standard deviation, absolute part. */
  static final double STD_FLOOR_ABSOLUTE = 1e-6;

  /** Floor of the scaling standard deviation, relative to |mean|. */
  static final double STD_FLOOR_RELATIVE = 1e-3;

  /**
   * Per-event EW weight of the typical interval: adapts to a new sampling rate in tens of events.
   */
  static final double INTERVAL_WEIGHT = 0.05;

  /**
   * A Δt longer than this many typical intervals pulls the typical interval only this far, so one
   * outage does not redefine "typical".
   */
  static final double INTERVAL_OUTLIER_CAP = 3.0;

  /** Δt above this many typical intervals sets the gap flag. */
  static final double GAP_THRESHOLD = 1.5;

  private static final double TWO_PI = 2 * Math.PI;
  private static final double LN_2 = StrictMath.log(2);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** 1970-01-01 was a Thursday: day index 3 with Monday = 0. */
  private static final int EPOCH_DAY_OF_WEEK = 3;

  private final FeatureSpec spec;
  private final int inputSize;
  private final String[] covariateNames;

  /** Per-event weight of the EW statistics of the value (if EW) and of every covariate. */
  private final double valueWeight;

  private final double covariateWeight;
  private final ZoneClock zoneClock;

  public FeaturePipeline(FeatureSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("feature spec is required");
    }
    this.spec = spec;
    this.inputSize = spec.inputSize();
    this.covariateNames = spec.covariates().toArray(new String[0]);
    Normalisation norm = spec.normalisation();
    double covariateHalfLife =
        norm.kind() == Normalisation.Kind.EW ? norm.halfLife() : Normalisation.DEFAULT.halfLife();
    this.valueWeight = norm.kind() == Normalisation.Kind.EW ? weightOfHalfLife(norm.halfLife()) : 0;
    this.covariateWeight = weightOfHalfLife(covariateHalfLife);
    this.zoneClock = spec.calendar() == null ? null : new ZoneClock(spec.calendar().zone());
  }

  /** The pipeline of a spec string, e.g. a ModelSnapshot's {@code features} field. */
  public static FeaturePipeline of(String spec) {
    return new FeaturePipeline(FeatureSpec.parse(spec));
  }

  /**
   * α such that a reading's weight halves after {@code halfLife} further readings: 1 − 2^(−1/h).
   */
  private static double weightOfHalfLife(double halfLife) {
    return -StrictMath.expm1(-LN_2 / halfLife);
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** Width of the vectors {@link #observe} writes. */
  public int inputSize() {
    return inputSize;
  }

  /** A fresh state for one key. */
  public FeatureState newState() {
    return new FeatureState(covariateNames.length);
  }

  /**
   * Folds a reading into the key's state and writes the network input for it into {@code
   * xOut[0..inputSize())}. Covariates are looked up by name; a missing, NaN or infinite covariate
   * is "missing" (input 0, flag 1, statistics untouched).
   *
   * @throws IllegalArgumentException if the value is not finite, the timestamp is older than the
   *     last one, or the state or vector do not fit this pipeline (the state is then unchanged)
   */
  public void observe(
      FeatureState state,
      long timestampMillis,
      double value,
      Map<String, Double> covariates,
      float[] xOut) {
    int at = observeValue(state, timestampMillis, value, xOut);
    for (int i = 0; i < covariateNames.length; i++) {
      Double raw = covariates == null ? null : covariates.get(covariateNames[i]);
      at = writeCovariate(state, i, raw == null ? Double.NaN : raw, xOut, at);
    }
  }

  /**
   * Like {@link #observe(FeatureState, long, double, Map, float[])} with covariates given
   * positionally in {@link FeatureSpec#covariates()} order, NaN meaning missing.
   */
  public void observe(
      FeatureState state, long timestampMillis, double value, double[] covariates, float[] xOut) {
    if (covariates.length != covariateNames.length) {
      throw new IllegalArgumentException(
          "covariates: expected "
              + covariateNames.length
              + " values "
              + List.of(covariateNames)
              + ", got "
              + covariates.length);
    }
    int at = observeValue(state, timestampMillis, value, xOut);
    for (int i = 0; i < covariateNames.length; i++) {
      at = writeCovariate(state, i, covariates[i], xOut, at);
    }
  }

  /**
   * Updates the value part of the state and writes value, Δt, gap and calendar inputs; returns the
   * next slot.
   */
  private int observeValue(FeatureState state, long timestampMillis, double value, float[] xOut) {
    checkArguments(state, timestampMillis, value, xOut);
    long deltaMillis = state.count == 0 ? 0 : timestampMillis - state.lastTimestamp;
    double change = state.count == 0 ? 0 : value - state.lastValue;
    int at = spec.difference() ? 2 : 1;
    if (spec.deltaTime()) {
      xOut[at++] = (float) deltaTimeInput(state, deltaMillis);
    }
    if (spec.gapFlag()) {
      xOut[at++] = isGap(state, deltaMillis) ? 1f : 0f;
    }
    updateInterval(state, deltaMillis);
    if (valueWeight > 0) {
      state.variance = updateStatistics(state, value, valueWeight);
    }
    state.count++;
    state.lastTimestamp = timestampMillis;
    state.lastValue = value;
    xOut[0] = (float) normaliseLevel(state, value);
    if (spec.difference()) {
      xOut[1] = (float) (change / scaleOf(state));
    }
    if (zoneClock != null) {
      at = writeCalendar(timestampMillis, xOut, at);
    }
    return at;
  }

  private void checkArguments(
      FeatureState state, long timestampMillis, double value, float[] xOut) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value: expected a finite number, got " + value);
    }
    if (state.covariates() != covariateNames.length) {
      throw new IllegalArgumentException(
          "feature state: expected "
              + covariateNames.length
              + " covariates, the state has "
              + state.covariates());
    }
    if (xOut.length < inputSize) {
      throw new IllegalArgumentException(
          "xOut: expected at least " + inputSize + " floats, got " + xOut.length);
    }
    if (state.count > 0 && timestampMillis < state.lastTimestamp) {
      throw new IllegalArgumentException(
          "timestamp "
              + timestampMillis
              + " is older than the key's last timestamp "
              + state.lastTimestamp
              + " (out-of-order readings must be filtered by the caller)");
    }
  }

  /**
   * Δt relative to the typical interval on a log scale: log(1 + Δt/typical) − log 2, so 0 at the
   * typical interval, −0.69 for a duplicate (Δt = 0), growing slowly for long gaps. 0 while the
   * typical interval is unknown.
   */
  private static double deltaTimeInput(FeatureState state, long deltaMillis) {
    if (state.typicalInterval <= 0) {
      return 0;
    }
    return StrictMath.log1p(deltaMillis / state.typicalInterval) - LN_2;
  }

  private static boolean isGap(FeatureState state, long deltaMillis) {
    return state.typicalInterval > 0 && deltaMillis > GAP_THRESHOLD * state.typicalInterval;
  }

  /** EW of positive Δt, each capped at a few typical intervals; duplicates (Δt = 0) are ignored. */
  private static void updateInterval(FeatureState state, long deltaMillis) {
    if (deltaMillis <= 0) {
      return;
    }
    if (state.typicalInterval <= 0) {
      state.typicalInterval = deltaMillis;
      return;
    }
    double capped = Math.min(deltaMillis, INTERVAL_OUTLIER_CAP * state.typicalInterval);
    state.typicalInterval += INTERVAL_WEIGHT * (capped - state.typicalInterval);
  }

  /**
   * One step of the running mean/variance of the value: weight max(α, 1/n), so the first 1/α
   * readings get their plain mean and population variance. Updates the mean; returns the variance.
   */
  private static double updateStatistics(FeatureState state, double value, double weight) {
    double w = Math.max(weight, 1.0 / (state.count + 1));
    double deviation = value - state.mean;
    state.mean += w * deviation;
    return (1 - w) * (state.variance + w * deviation * deviation);
  }

  private int writeCalendar(long timestampMillis, float[] xOut, int at) {
    long localMillis = timestampMillis + 1000L * zoneClock.offsetSeconds(timestampMillis);
    CalendarTerms calendar = spec.calendar();
    if (calendar.hourOfDay()) {
      double angle = TWO_PI * Math.floorMod(localMillis, MILLIS_PER_DAY) / MILLIS_PER_DAY;
      xOut[at++] = (float) StrictMath.sin(angle);
      xOut[at++] = (float) StrictMath.cos(angle);
    }
    if (calendar.dayOfWeek()) {
      long day = Math.floorDiv(localMillis, MILLIS_PER_DAY);
      double angle = TWO_PI * Math.floorMod(day + EPOCH_DAY_OF_WEEK, 7) / 7;
      xOut[at++] = (float) StrictMath.sin(angle);
      xOut[at++] = (float) StrictMath.cos(angle);
    }
    return at;
  }

  /** Writes (normalised covariate, missing flag) for covariate {@code i}; returns the next slot. */
  private int writeCovariate(FeatureState state, int i, double raw, float[] xOut, int at) {
    if (!Double.isFinite(raw)) {
      xOut[at] = 0f;
      xOut[at + 1] = 1f;
      return at + 2;
    }
    double w = Math.max(covariateWeight, 1.0 / (state.covariateCount[i] + 1));
    double deviation = raw - state.covariateMean[i];
    state.covariateMean[i] += w * deviation;
    state.covariateVariance[i] = (1 - w) * (state.covariateVariance[i] + w * deviation * deviation);
    state.covariateCount[i]++;
    double std = flooredStd(state.covariateMean[i], state.covariateVariance[i]);
    xOut[at] = (float) ((raw - state.covariateMean[i]) / std);
    xOut[at + 1] = 0f;
    return at + 2;
  }

  private static double flooredStd(double mean, double variance) {
    double floor = Math.max(STD_FLOOR_ABSOLUTE, STD_FLOOR_RELATIVE * Math.abs(mean));
    return Math.max(Math.sqrt(variance), floor);
  }

  /**
   * A raw value as a training target on the network's output scale, using the key's current
   * statistics: the normalised level, or with {@code target=delta} the change from the key's last
   * value divided by the same scale (so repeating the last value is the output 0).
   */
  public double normaliseTarget(FeatureState state, double value) {
    if (spec.deltaTarget()) {
      return (value - state.lastValue) / scaleOf(state);
    }
    return normaliseLevel(state, value);
  }

  /** The value input: the reading on the network's scale, whatever the target is. */
  private double normaliseLevel(FeatureState state, double value) {
    Normalisation norm = spec.normalisation();
    switch (norm.kind()) {
      case EW:
        return (value - state.mean) / flooredStd(state.mean, state.variance);
      case FIXED:
        return (value - norm.mean()) / norm.std();
      default:
        return value;
    }
  }

  /**
   * A network output (mean) back on the value's scale, using the key's current statistics; with
   * {@code target=delta} the key's last value is added back.
   */
  public double denormalise(FeatureState state, double normalised) {
    if (spec.deltaTarget()) {
      return state.lastValue + normalised * scaleOf(state);
    }
    Normalisation norm = spec.normalisation();
    switch (norm.kind()) {
      case EW:
        return normalised * flooredStd(state.mean, state.variance) + state.mean;
      case FIXED:
        return normalised * norm.std() + norm.mean();
      default:
        return normalised;
    }
  }

  /**
   * A network output pulled toward repeat-last-value by {@code factor} (1 keeps it, 0 gives the
   * persistence forecast): p + factor · (output − p), p the key's last value on the output scale (0
   * with {@code target=delta}). Trainer and forecaster both apply a model's shrinkage through this
   * one method, so the holdout scores what is served.
   */
  public double shrinkTowardLastValue(FeatureState state, double output, double factor) {
    double persistence = normaliseTarget(state, state.lastValue);
    return persistence + factor * (output - persistence);
  }

  /** A scale (standard deviation, interval half-width) back on the value's scale: no shift. */
  public double denormaliseScale(FeatureState state, double normalisedScale) {
    return normalisedScale * scaleOf(state);
  }

  /** The standard deviation the value is scaled by: running, fixed, or 1 for {@code norm=none}. */
  private double scaleOf(FeatureState state) {
    Normalisation norm = spec.normalisation();
    switch (norm.kind()) {
      case EW:
        return flooredStd(state.mean, state.variance);
      case FIXED:
        return norm.std();
      default:
        return 1;
    }
  }

  /**
   * Expected time of the {@code step}-th next reading: last timestamp + step × typical interval
   * (rounded to the millisecond). While the interval is unknown this is the last timestamp.
   */
  public long expectedTimestamp(FeatureState state, int step) {
    return state.lastTimestamp + Math.round(step * state.typicalInterval);
  }
}
