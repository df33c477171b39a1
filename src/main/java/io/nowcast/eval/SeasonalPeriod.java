package io.nowcast.eval;

/**
 * Detects the season of a series for the seasonal-naive baseline: the lag with the highest
 * autocorrelation of the first differences over the training rows. Differencing removes the level
 * and trend, whose slowly decaying autocorrelation would otherwise favour the shortest lags.
 */
public final class SeasonalPeriod {

  /** Shortest period considered: lag 1 is what persistence already does. */
  static final int MIN_PERIOD = 2;

  /**
   * Longest period considered; a week of hourly data (168) and a day of 5-minute data (288) fit.
   */
  static final int MAX_PERIOD = 400;

  private SeasonalPeriod() {}

  /** The detected period of {@code values[0, end)}, at most a third of the rows. */
  public static int detect(double[] values, int end) {
    int maxLag = Math.min(MAX_PERIOD, (end - 1) / 3);
    if (maxLag < MIN_PERIOD) {
      return MIN_PERIOD;
    }
    double[] diff = new double[end - 1];
    double mean = 0;
    for (int i = 0; i < diff.length; i++) {
      diff[i] = values[i + 1] - values[i];
      mean += diff[i];
    }
    mean /= diff.length;
    double variance = 0;
    for (double d : diff) {
      variance += (d - mean) * (d - mean);
    }
    int best = MIN_PERIOD;
    double bestCorrelation = Double.NEGATIVE_INFINITY;
    for (int lag = MIN_PERIOD; lag <= maxLag; lag++) {
      double covariance = 0;
      for (int i = lag; i < diff.length; i++) {
        covariance += (diff[i] - mean) * (diff[i - lag] - mean);
      }
      double correlation = variance == 0 ? 0 : covariance / variance;
      if (correlation > bestCorrelation) {
        bestCorrelation = correlation;
        best = lag;
      }
    }
    return best;
  }
}
