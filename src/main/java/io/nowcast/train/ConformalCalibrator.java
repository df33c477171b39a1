package io.nowcast.train;

import io.nowcast.avro.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Split-conformal interval calibration from holdout residuals. It collects the normalised residuals
 * (actual − forecast) per horizon step; at level L the lower and upper offsets of step s are the (1
 * − L)/2 and (1 + L)/2 empirical quantiles of that step's residuals, so about L of future residuals
 * fall inside [mean + lower, mean + upper] when the holdout resembles the future.
 *
 * <p>With fewer than {@link #MIN_RESIDUALS} residuals for some step the quantiles are noise; the
 * calibrator then falls back to a Gaussian interval ±z·RMSE per step (z the normal quantile of the
 * level) when it has at least {@link #MIN_GAUSSIAN_RESIDUALS}, and to no calibration at all below
 * that. {@link #rule()} says which rule was used.
 */
public final class ConformalCalibrator implements HoldoutScorer.ResidualSink {

  /**
   * Residuals per step needed for empirical quantiles (the 10% tail then has at least 10 points).
   */
  public static final int MIN_RESIDUALS = 100;

  /** Residuals per step needed for the Gaussian fallback. */
  public static final int MIN_GAUSSIAN_RESIDUALS = 10;

  /** How the last {@link #calibrate} call built its intervals. */
  public enum Rule {
    CONFORMAL,
    GAUSSIAN,
    NONE
  }

  private final List<double[]> residuals;
  private final int[] counts;
  private Rule rule = Rule.NONE;

  public ConformalCalibrator(int horizon) {
    residuals = new ArrayList<>(horizon);
    for (int s = 0; s < horizon; s++) {
      residuals.add(new double[64]);
    }
    counts = new int[horizon];
  }

  @Override
  public void accept(int step, double residual) {
    double[] values = residuals.get(step);
    if (counts[step] == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
      residuals.set(step, values);
    }
    values[counts[step]++] = residual;
  }

  /** The rule the last {@link #calibrate} used. */
  public Rule rule() {
    return rule;
  }

  /**
   * The calibration at {@code level} without shrinkage, or null when there are too few residuals
   * for any rule.
   */
  public Calibration calibrate(double level) {
    return calibrate(level, List.of());
  }

  /**
   * The calibration at {@code level} carrying the per-step {@code shrinkage} the residuals were
   * made with (empty for none), or null when there are too few residuals for any rule.
   */
  public Calibration calibrate(double level, List<Double> shrinkage) {
    Calibration calibration = offsets(level);
    if (calibration != null) {
      calibration.setShrinkage(shrinkage);
    }
    return calibration;
  }

  private Calibration offsets(double level) {
    int fewest = Arrays.stream(counts).min().orElse(0);
    if (fewest >= MIN_RESIDUALS) {
      rule = Rule.CONFORMAL;
      return conformal(level);
    }
    if (fewest >= MIN_GAUSSIAN_RESIDUALS) {
      rule = Rule.GAUSSIAN;
      return gaussian(level);
    }
    rule = Rule.NONE;
    return null;
  }

  private Calibration conformal(double level) {
    List<Double> lower = new ArrayList<>();
    List<Double> upper = new ArrayList<>();
    for (int s = 0; s < counts.length; s++) {
      double[] sorted = Arrays.copyOf(residuals.get(s), counts[s]);
      Arrays.sort(sorted);
      lower.add(quantile(sorted, (1 - level) / 2));
      upper.add(quantile(sorted, (1 + level) / 2));
    }
    return new Calibration(level, lower, upper, List.of());
  }

  private Calibration gaussian(double level) {
    double z = NormalQuantile.of((1 + level) / 2);
    List<Double> lower = new ArrayList<>();
    List<Double> upper = new ArrayList<>();
    for (int s = 0; s < counts.length; s++) {
      double sumOfSquares = 0;
      for (int i = 0; i < counts[s]; i++) {
        sumOfSquares += residuals.get(s)[i] * residuals.get(s)[i];
      }
      double halfWidth = z * Math.sqrt(sumOfSquares / counts[s]);
      lower.add(-halfWidth);
      upper.add(halfWidth);
    }
    return new Calibration(level, lower, upper, List.of());
  }

  /** Linear interpolation between order statistics (type 7, the default of R and NumPy). */
  static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }
}
