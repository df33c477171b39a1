package io.nowcast.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy of one forecaster on the holdout positions: MAE and RMSE per horizon step in normalised
 * units (the feature pipeline's scale at the forecast origin) and in the value's original units,
 * the mean loss of a network, and the coverage of calibrated intervals when they were checked.
 * Pooled figures average over every (position, step) pair, as the ETT protocol does; {@link
 * #byKey()} keeps every key's own score.
 */
public final class HoldoutScore {

  private final long[] counts;
  private final double[] absoluteNormalised;
  private final double[] squaredNormalised;
  private final double[] absoluteOriginal;
  private final double[] squaredOriginal;
  private double lossSum;
  private boolean hasLoss;
  private long covered;
  private long coverageChecks;
  private final Map<String, HoldoutScore> byKey = new LinkedHashMap<>();

  HoldoutScore(int horizon) {
    counts = new long[horizon];
    absoluteNormalised = new double[horizon];
    squaredNormalised = new double[horizon];
    absoluteOriginal = new double[horizon];
    squaredOriginal = new double[horizon];
  }

  void add(int step, double errorNormalised, double errorOriginal) {
    counts[step]++;
    absoluteNormalised[step] += Math.abs(errorNormalised);
    squaredNormalised[step] += errorNormalised * errorNormalised;
    absoluteOriginal[step] += Math.abs(errorOriginal);
    squaredOriginal[step] += errorOriginal * errorOriginal;
  }

  void addLoss(double loss) {
    lossSum += loss;
    hasLoss = true;
  }

  void addCoverage(boolean inside) {
    coverageChecks++;
    if (inside) {
      covered++;
    }
  }

  /**
   * Keeps {@code score}, already added into this one position by position, as the score of {@code
   * key} (a repeated key is pooled).
   */
  void keepKey(String key, HoldoutScore score) {
    byKey.merge(
        key,
        score,
        (earlier, later) -> {
          earlier.pool(later);
          return earlier;
        });
  }

  private void pool(HoldoutScore other) {
    for (int s = 0; s < counts.length; s++) {
      counts[s] += other.counts[s];
      absoluteNormalised[s] += other.absoluteNormalised[s];
      squaredNormalised[s] += other.squaredNormalised[s];
      absoluteOriginal[s] += other.absoluteOriginal[s];
      squaredOriginal[s] += other.squaredOriginal[s];
    }
    lossSum += other.lossSum;
    hasLoss |= other.hasLoss;
    covered += other.covered;
    coverageChecks += other.coverageChecks;
  }

  /**
   * Every key's own score on its holdout positions, in the order the keys were scored (empty for
   * the score of one key). A key with no scored position has a score whose MAE is NaN.
   */
  public Map<String, HoldoutScore> byKey() {
    return Collections.unmodifiableMap(byKey);
  }

  public int horizon() {
    return counts.length;
  }

  /** Scored (position, step) pairs. */
  public long count() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /**
   * Mean absolute error in normalised units over all positions and steps (NaN when nothing was
   * scored).
   */
  public double mae() {
    return sum(absoluteNormalised) / count();
  }

  /** Mean squared error in normalised units over all positions and steps. */
  public double mse() {
    return sum(squaredNormalised) / count();
  }

  /** Mean absolute error in original units over all positions and steps. */
  public double maeOriginal() {
    return sum(absoluteOriginal) / count();
  }

  /** Root mean squared error in original units over all positions and steps. */
  public double rmseOriginal() {
    return Math.sqrt(sum(squaredOriginal) / count());
  }

  /** MAE of step {@code step} (1-based), normalised units. */
  public double mae(int step) {
    return absoluteNormalised[step - 1] / counts[step - 1];
  }

  /** RMSE of step {@code step} (1-based), normalised units. */
  public double rmse(int step) {
    return Math.sqrt(squaredNormalised[step - 1] / counts[step - 1]);
  }

  /** MAE of step {@code step} (1-based), original units. */
  public double maeOriginal(int step) {
    return absoluteOriginal[step - 1] / counts[step - 1];
  }

  /** RMSE of step {@code step} (1-based), original units. */
  public double rmseOriginal(int step) {
    return Math.sqrt(squaredOriginal[step - 1] / counts[step - 1]);
  }

  /** The network's loss per scored target (MSE or Gaussian NLL), NaN when no loss was computed. */
  public double loss() {
    return hasLoss ? lossSum / count() : Double.NaN;
  }

  /** Fraction of targets inside the calibrated interval, NaN when intervals were not checked. */
  public double coverage() {
    return coverageChecks == 0 ? Double.NaN : (double) covered / coverageChecks;
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double value : values) {
      total += value;
    }
    return total;
  }
}
