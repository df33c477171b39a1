package io.nowcast.engine;

import io.nowcast.avro.ForecastPoint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The online interval scales of one key: multipliers of the model's interval offsets that follow
 * the key's current error level by adaptive conformal inference (Gibbs and Candès, 2021) on a log
 * scale, × exp(γ·(miss − (1 − level))) per scored interval. A shared scale moves after every scored
 * step-1 forecast; per-step scales on top move when one of up to {@value #MAX_PROBES} staggered
 * <em>probe</em> forecasts reaches their step (scoring every forecast's every step would need the
 * last H forecasts, H² bounds per key). All restart at 1 with each new model.
 *
 * <p>Binary form: shared scale (double); S = number of step scales (int; the model's horizon, 0
 * without intervals); S step scales (doubles); P = number of probes (int, {@link #probeCount}); the
 * probe clock (int); per probe the 0-based step its next actual scores (int; S = idle) and per step
 * its lower and upper bound (doubles).
 */
final class IntervalScales implements StatePart {
  /** Probes in flight at most per key: each step's scale then moves every ⌈H/4⌉ events. */
  static final int MAX_PROBES = 4;

  /**
   * γ of the shared scale: each scored step-1 interval multiplies it by exp(γ·(miss − (1 −
   * level))), so it stands still exactly when the miss rate equals the nominal one. 0.02 moves the
   * width by ~1.6 % per miss: it follows a change of error level within a few hundred events
   * without making the width jumpy.
   */
  static final double SHARED_ADAPTATION_RATE = 0.02;

  /**
   * γ of a step's own scale. It moves only when a probe reaches that step (every ⌈H/4⌉ events), and
   * the ACI coverage error shrinks like 1 / (γ × updates), so it takes larger steps than the shared
   * scale to correct a step's miscalibration within a few hundred updates, at the price of wider
   * swings of that step's width.
   */
  static final double STEP_ADAPTATION_RATE = 0.1;

  /** Bounds of each scale, so a long run of misses (or hits) cannot blow it up or collapse it. */
  static final double MIN_SCALE = 1.0 / 16;

  static final double MAX_SCALE = 16;

  /** The shared scale, the step count, the probe count and clock: the arrays come on top. */
  private static final int FIXED_BYTES = Double.BYTES + 3 * Integer.BYTES;

  private static final double[] NO_STEPS = new double[0];
  private static final int[] NO_PROBES = new int[0];

  private double shared = 1;
  private double[] stepScales = NO_STEPS;

  /** Bounds of the probes: probe p's step k (0-based) at index p·S + k. */
  private double[] probeLower = NO_STEPS;

  private double[] probeUpper = NO_STEPS;

  /** Per probe, the 0-based step the next actual scores; S when the probe is idle. */
  private int[] probeStep = NO_PROBES;

  /** Forecasts since the scales were reset, modulo probes × stride: a probe starts every stride. */
  private int probeClock;

  /** Events between probe starts for a horizon of {@code steps}: ⌈steps / MAX_PROBES⌉. */
  static int probeStride(int steps) {
    return Math.max(1, (steps + MAX_PROBES - 1) / MAX_PROBES);
  }

  /** Probes in flight for a horizon of {@code steps}: ⌈steps / stride⌉ (0 without steps). */
  static int probeCount(int steps) {
    return (steps + probeStride(steps) - 1) / probeStride(steps);
  }

  double shared() {
    return shared;
  }

  /** Number of step scales: the model's horizon, 0 while its forecasts carry no interval. */
  int steps() {
    return stepScales.length;
  }

  double stepScale(int k) {
    return stepScales[k];
  }

  int probes() {
    return probeStep.length;
  }

  /** The 0-based step probe {@code p}'s next actual scores; {@link #steps()} when it is idle. */
  int probeStep(int p) {
    return probeStep[p];
  }

  double probeLower(int p, int k) {
    return probeLower[p * stepScales.length + k];
  }

  double probeUpper(int p, int k) {
    return probeUpper[p * stepScales.length + k];
  }

  int probeClock() {
    return probeClock;
  }

  /** Multiplier of step {@code k}'s (0-based) interval offsets: shared × the step's own scale. */
  double scaleOf(int k) {
    return stepScales.length == 0 ? 1 : shared * stepScales[k];
  }

  /**
   * Neutral scales for a model of {@code steps} steps (0 when it has no intervals), idle probes:
   * the scales learnt for another model's errors say nothing about this one's.
   */
  void reset(int steps) {
    shared = 1;
    int probes = probeCount(steps);
    if (stepScales.length != steps) {
      stepScales = new double[steps];
      probeLower = new double[probes * steps];
      probeUpper = new double[probes * steps];
      probeStep = new int[probes];
    }
    Arrays.fill(stepScales, 1);
    Arrays.fill(probeStep, steps);
    probeClock = 0;
  }

  /** Sets up neutral scales for {@code steps} unless they are kept for that many already. */
  void ensureSteps(int steps) {
    if (stepScales.length != steps) {
      reset(steps);
    }
  }

  /**
   * Adaptive conformal inference, twice: the pending step-1 forecast of model {@code version} moves
   * the shared scale (every event, so a change of error level is followed quickly), and each probe
   * in flight moves the scale of the step it reaches with this actual (so the steps' coverages
   * converge one by one). Up after a miss, down after a hit; a pending forecast of another model
   * (or persistence) carries no information about these scales.
   */
  void adapt(double actual, PendingForecast pending, long version, double level) {
    int steps = stepScales.length;
    if (steps == 0) {
      return;
    }
    double nominalMiss = 1 - level;
    if (pending.isFrom(version)) {
      shared = adapted(shared, SHARED_ADAPTATION_RATE, pending.isMissedBy(actual), nominalMiss);
    }
    for (int p = 0; p < probeStep.length; p++) {
      int k = probeStep[p];
      if (k < steps) {
        boolean miss = actual < probeLower[p * steps + k] || actual > probeUpper[p * steps + k];
        stepScales[k] = adapted(stepScales[k], STEP_ADAPTATION_RATE, miss, nominalMiss);
        probeStep[p] = k + 1;
      }
    }
  }

  /** One ACI step on a log scale, within the bounds: × exp(γ·(miss − nominal miss rate)). */
  private static double adapted(double scale, double rate, boolean miss, double nominalMiss) {
    double next = scale * StrictMath.exp(rate * ((miss ? 1 : 0) - nominalMiss));
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
  }

  /**
   * Every stride-th forecast becomes a probe, in the slot of the oldest probe, which has scored all
   * its steps by then (probes × stride ≥ S).
   */
  void startProbeOnSchedule(List<ForecastPoint> points) {
    int steps = stepScales.length;
    if (steps == 0) {
      return;
    }
    int stride = probeStride(steps);
    int clock = probeClock;
    probeClock = (clock + 1) % (probeStep.length * stride);
    if (clock % stride != 0) {
      return;
    }
    int p = clock / stride;
    for (int k = 0; k < steps; k++) {
      probeLower[p * steps + k] = points.get(k).getLower();
      probeUpper[p * steps + k] = points.get(k).getUpper();
    }
    probeStep[p] = 0;
  }

  @Override
  public int encodedSize() {
    return FIXED_BYTES
        + Double.BYTES * stepScales.length
        + Integer.BYTES * probeStep.length
        + 2 * Double.BYTES * probeLower.length;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putDouble(shared).putInt(stepScales.length);
    for (double scale : stepScales) {
      out.putDouble(scale);
    }
    out.putInt(probeStep.length).putInt(probeClock);
    for (int p = 0; p < probeStep.length; p++) {
      out.putInt(probeStep[p]);
      for (int i = p * stepScales.length; i < (p + 1) * stepScales.length; i++) {
        out.putDouble(probeLower[i]).putDouble(probeUpper[i]);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote, reusing the arrays when the step count is the same. */
  @Override
  public void readFrom(ByteBuffer in) {
    double sharedScale = positiveScale(in.getDouble(), "interval scale");
    int steps = in.getInt();
    if (steps < 0 || (long) steps * 3 * Double.BYTES > in.remaining()) {
      throw new IllegalStateException(
          "key state: interval step count "
              + steps
              + " does not fit the "
              + in.remaining()
              + " bytes left in the blob");
    }
    reset(steps);
    shared = sharedScale;
    for (int k = 0; k < steps; k++) {
      stepScales[k] = positiveScale(in.getDouble(), "interval scale of step " + (k + 1));
    }
    int probes = in.getInt();
    if (probes != probeCount(steps)) {
      throw new IllegalStateException(
          "key state: "
              + probes
              + " interval probes, expected "
              + probeCount(steps)
              + " for "
              + steps
              + " steps");
    }
    probeClock = in.getInt();
    if (probeClock < 0 || probeClock >= Math.max(1, probes * probeStride(steps))) {
      throw new IllegalStateException("key state: probe clock " + probeClock + " is out of range");
    }
    for (int p = 0; p < probes; p++) {
      probeStep[p] = in.getInt();
      if (probeStep[p] < 0 || probeStep[p] > steps) {
        throw new IllegalStateException(
            "key state: step " + probeStep[p] + " of probe " + p + " is outside 0.." + steps);
      }
      for (int i = p * steps; i < (p + 1) * steps; i++) {
        probeLower[i] = in.getDouble();
        probeUpper[i] = in.getDouble();
      }
    }
  }

  /** No scales at all, as a state of format 1 (which kept none) is read. */
  void clear() {
    reset(0);
  }

  private static double positiveScale(double scale, String field) {
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalStateException(
          "key state: " + field + " must be a positive finite number, was " + scale);
    }
    return scale;
  }
}
