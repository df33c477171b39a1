package io.nowcast.eval;

/**
 * Per-step sums of one forecaster's errors on the scored positions, on the protocol's scale:
 * squared and absolute errors, and (for forecasters with intervals) hits and widths.
 */
final class ErrorTally {
  private final double[] squared;
  private final double[] absolute;
  private final long[] count;
  private final long[] covered;
  private final double[] width;

  ErrorTally(int horizon) {
    squared = new double[horizon];
    absolute = new double[horizon];
    count = new long[horizon];
    covered = new long[horizon];
    width = new double[horizon];
  }

  /** Adds the scaled error of step index {@code step} (0-based). */
  void add(int step, double scaledError) {
    squared[step] += scaledError * scaledError;
    absolute[step] += Math.abs(scaledError);
    count[step]++;
  }

  /** Adds whether the interval covered the actual value and its scaled width. */
  void addInterval(int step, boolean hit, double scaledWidth) {
    if (hit) {
      covered[step]++;
    }
    width[step] += scaledWidth;
  }

  /** Metrics of step index {@code step}, or over all steps when {@code step} is negative. */
  ErrorMetrics metrics(int step) {
    int from = step < 0 ? 0 : step;
    int to = step < 0 ? count.length : step + 1;
    double sq = 0;
    double abs = 0;
    double hits = 0;
    double widths = 0;
    long n = 0;
    for (int s = from; s < to; s++) {
      sq += squared[s];
      abs += absolute[s];
      hits += covered[s];
      widths += width[s];
      n += count[s];
    }
    return new ErrorMetrics(sq / n, abs / n, Math.sqrt(sq / n), hits / n, widths / n);
  }
}
