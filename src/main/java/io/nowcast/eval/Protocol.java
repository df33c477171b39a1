package io.nowcast.eval;

import io.nowcast.train.Series;
import java.util.Arrays;

/**
 * Where a backtest trains, validates and scores, and the scale its errors are reported on. Row
 * indices are 0-based positions in the series (after duplicates and out-of-order rows are dropped,
 * as the forecaster drops them). A forecast made after observing row s − 1 covers rows [s, s + H);
 * the scored positions are s ∈ [testStart, testEnd − H].
 *
 * @param name {@code ett} or {@code holdout}
 * @param trainEnd rows [0, trainEnd) train the network
 * @param validationEnd rows [trainEnd, validationEnd) choose the epoch and calibrate the intervals
 * @param testEnd rows [validationEnd, testEnd) are the test split; later rows are not used
 * @param scaleMean errors are reported as (actual − forecast) / scaleStd; the mean is kept for the
 *     plot
 * @param scaleStd the scale of the reported errors (1 = the series' own units)
 */
public record Protocol(
    String name, int trainEnd, int validationEnd, int testEnd, double scaleMean, double scaleStd) {

  /** Hourly ETT borders (Informer protocol); 15-minute files use them × 4. */
  static final int ETT_HOURLY_TRAIN_END = 8640;

  static final int ETT_HOURLY_VALIDATION_END = 11520;
  static final int ETT_HOURLY_TEST_END = 14400;
  private static final long HOUR_MILLIS = 3_600_000L;

  public Protocol {
    if (!(0 < trainEnd && trainEnd < validationEnd && validationEnd < testEnd)) {
      throw new IllegalArgumentException(
          "protocol "
              + name
              + ": expected 0 < trainEnd < validationEnd < testEnd, got "
              + trainEnd
              + ", "
              + validationEnd
              + ", "
              + testEnd);
    }
    if (!(scaleStd > 0) || Double.isInfinite(scaleStd)) {
      throw new IllegalArgumentException(
          "protocol " + name + ": scale must be finite and > 0, got " + scaleStd);
    }
  }

  /**
   * The standard ETT protocol: train/validation/test = [0, 8640), [8640, 11520), [11520, 14400) for
   * hourly data, × (1 hour / interval) for finer data (ETTm: × 4), the interval being the series'
   * median spacing; errors on the z-scale of the train rows (mean and population std).
   *
   * @throws IllegalArgumentException when the interval does not divide an hour or the series is too
   *     short
   */
  public static Protocol ett(Series series) {
    long interval = medianInterval(series);
    if (interval <= 0 || HOUR_MILLIS % interval != 0) {
      throw new IllegalArgumentException(
          "protocol ett: series '"
              + series.key()
              + "' must have an interval dividing one hour (hourly or 15-minute ETT), got "
              + interval
              + " ms");
    }
    int perHour = (int) (HOUR_MILLIS / interval);
    int testEnd = ETT_HOURLY_TEST_END * perHour;
    if (series.size() < testEnd) {
      throw new IllegalArgumentException(
          "protocol ett: series '"
              + series.key()
              + "' has "
              + series.size()
              + " rows, expected at least "
              + testEnd);
    }
    return withTrainScale(
        "ett",
        series,
        ETT_HOURLY_TRAIN_END * perHour,
        ETT_HOURLY_VALIDATION_END * perHour,
        testEnd);
  }

  /**
   * Any series: the last {@code testFraction} of the rows is the test split, the last {@code
   * validationFraction} of the rest is validation; errors in the series' own units.
   */
  public static Protocol holdout(Series series, double testFraction, double validationFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "protocol holdout: test fraction must be in (0, 1), got " + testFraction);
    }
    int testStart = series.size() - (int) Math.round(series.size() * testFraction);
    int trainEnd = testStart - (int) Math.round(testStart * validationFraction);
    return new Protocol("holdout", trainEnd, testStart, series.size(), 0, 1);
  }

  /** A protocol with explicit borders whose errors are z-scores of the train rows. */
  public static Protocol withTrainScale(
      String name, Series series, int trainEnd, int validationEnd, int testEnd) {
    double mean = 0;
    for (int i = 0; i < trainEnd; i++) {
      mean += series.value(i);
    }
    mean /= trainEnd;
    double variance = 0;
    for (int i = 0; i < trainEnd; i++) {
      double deviation = series.value(i) - mean;
      variance += deviation * deviation;
    }
    return new Protocol(
        name, trainEnd, validationEnd, testEnd, mean, Math.sqrt(variance / trainEnd));
  }

  /** First test row: the first position scored. */
  public int testStart() {
    return validationEnd;
  }

  /** Number of scored positions for {@code horizon}: s ∈ [testStart, testEnd − horizon]. */
  public int positions(int horizon) {
    return Math.max(0, testEnd - horizon - validationEnd + 1);
  }

  static long medianInterval(Series series) {
    int n = Math.min(series.size() - 1, 1000);
    if (n < 1) {
      return 0;
    }
    long[] gaps = new long[n];
    for (int i = 0; i < n; i++) {
      gaps[i] = series.timestamp(i + 1) - series.timestamp(i);
    }
    Arrays.sort(gaps);
    return gaps[n / 2];
  }
}
