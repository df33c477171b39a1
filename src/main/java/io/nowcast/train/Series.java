package io.nowcast.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * One key's observations in time order, strictly increasing timestamps: an event not newer than the
 * one before it is dropped on construction (the forecaster skips it too, so training sees what
 * serving sees). Covariates are positional, in the feature spec's covariate order, NaN = missing.
 * Immutable.
 */
public final class Series {

  private static final double[] NO_COVARIATES = new double[0];

  private final String key;
  private final long[] timestamps;
  private final double[] values;
  private final double[][] covariates;
  private final int dropped;

  private Series(
      String key, long[] timestamps, double[] values, double[][] covariates, int dropped) {
    this.key = key;
    this.timestamps = timestamps;
    this.values = values;
    this.covariates = covariates;
    this.dropped = dropped;
  }

  /** A series without covariates; see {@link #of(String, long[], double[], double[][])}. */
  public static Series of(String key, long[] timestamps, double[] values) {
    return of(key, timestamps, values, null);
  }

  /**
   * The series of {@code key} from observations in arrival order; those not newer than the last
   * kept one are dropped and counted in {@link #dropped()}.
   *
   * @param covariates per observation its covariate values, or null when there are none
   * @throws IllegalArgumentException when the arrays differ in length or a value is not finite
   */
  public static Series of(String key, long[] timestamps, double[] values, double[][] covariates) {
    Objects.requireNonNull(key, "key");
    requireSameLength(key, "values", values.length, timestamps.length);
    if (covariates != null) {
      requireSameLength(key, "covariates", covariates.length, timestamps.length);
    }
    long[] keptTimes = new long[timestamps.length];
    double[] keptValues = new double[timestamps.length];
    double[][] keptCovariates = new double[timestamps.length][];
    int kept = 0;
    for (int i = 0; i < timestamps.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "series '" + key + "': value at index " + i + " must be finite, was " + values[i]);
      }
      if (kept > 0 && timestamps[i] <= keptTimes[kept - 1]) {
        continue;
      }
      keptTimes[kept] = timestamps[i];
      keptValues[kept] = values[i];
      keptCovariates[kept] = covariates == null ? NO_COVARIATES : covariates[i];
      kept++;
    }
    return new Series(
        key,
        Arrays.copyOf(keptTimes, kept),
        Arrays.copyOf(keptValues, kept),
        Arrays.copyOf(keptCovariates, kept),
        timestamps.length - kept);
  }

  private static void requireSameLength(String key, String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "series '"
              + key
              + "': expected "
              + expected
              + " "
              + what
              + " (one per timestamp), got "
              + actual);
    }
  }

  public String key() {
    return key;
  }

  /** Number of observations kept. */
  public int size() {
    return values.length;
  }

  /** Observations dropped on construction because they were not newer than the previous one. */
  public int dropped() {
    return dropped;
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  public double value(int i) {
    return values[i];
  }

  /**
   * Covariates of observation {@code i} (positional; empty when the series has none). Not copied.
   */
  public double[] covariates(int i) {
    return covariates[i];
  }

  /**
   * The first {@code length} observations (e.g. to leave the test rows of a protocol out entirely).
   */
  public Series head(int length) {
    if (length < 0 || length > size()) {
      throw new IllegalArgumentException(
          "series '" + key + "': head length must be in [0, " + size() + "], was " + length);
    }
    return new Series(
        key,
        Arrays.copyOf(timestamps, length),
        Arrays.copyOf(values, length),
        Arrays.copyOf(covariates, length),
        dropped);
  }

  /**
   * Splits by time: the most recent {@code holdoutFraction} of the observations (rounded) are the
   * holdout.
   */
  public Split split(double holdoutFraction) {
    if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
      throw new IllegalArgumentException(
          "holdoutFraction must be in (0, 1), was " + holdoutFraction);
    }
    return splitAt(size() - (int) Math.round(size() * holdoutFraction));
  }

  /**
   * Splits by time at an explicit border: [0, trainEnd) trains, [trainEnd, size) is the holdout.
   */
  public Split splitAt(int trainEnd) {
    if (trainEnd < 0 || trainEnd > size()) {
      throw new IllegalArgumentException(
          "series '" + key + "': train end must be in [0, " + size() + "], was " + trainEnd);
    }
    return new Split(this, trainEnd);
  }

  /**
   * A series cut by time into a training part [0, trainEnd) and a holdout [trainEnd, size). The
   * holdout is scored by running through the whole series, so the model is warm when it starts.
   */
  public record Split(Series series, int trainEnd) {

    /** The training part alone: features and targets built from it never see the holdout. */
    public Series train() {
      return series.head(trainEnd);
    }

    public int holdoutSize() {
      return series.size() - trainEnd;
    }
  }
}
