package io.nowcast.bench;

/**
 * Latencies in whole milliseconds, counted in one bucket per millisecond up to a bound (and one
 * overflow bucket): exact percentiles at millisecond resolution without keeping every sample.
 */
final class LatencyHistogram {

  private final long[] counts;
  private long total;

  /**
   * @param maxMillis the largest latency counted exactly; longer ones count as the bound
   */
  LatencyHistogram(int maxMillis) {
    counts = new long[maxMillis + 1];
  }

  /** Counts one latency; negative ones (clock steps) count as 0. */
  void record(long millis) {
    counts[(int) Math.max(0, Math.min(millis, counts.length - 1))]++;
    total++;
  }

  long count() {
    return total;
  }

  /** The smallest latency at least {@code percent}% of the samples do not exceed. */
  double percentile(double percent) {
    if (total == 0) {
      throw new IllegalStateException("no latency was recorded");
    }
    long rank = Math.max(1, (long) Math.ceil(total * percent / 100));
    long cumulative = 0;
    for (int millis = 0; millis < counts.length; millis++) {
      cumulative += counts[millis];
      if (cumulative >= rank) {
        return millis;
      }
    }
    return counts.length - 1;
  }
}
