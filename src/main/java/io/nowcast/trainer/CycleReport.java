package io.nowcast.trainer;

import java.util.Locale;

/**
 * What one training cycle did, for the one-line summary, metrics and tests.
 *
 * @param keys keys trained on
 * @param points readings trained and scored on (the sample's, after the per-key cap and duplicate
 *     removal)
 * @param epochs epochs run (summed over the members of a seed ensemble)
 * @param challengerMae the new model's holdout MAE (normalised units, all steps)
 * @param championMae the champion's MAE on the same holdout, or null without a champion
 * @param persistenceMae repeat-last-value's MAE on the same holdout
 * @param championVersion the champion's version, or null
 * @param publishedVersion the version published, or null when the challenger lost
 * @param reason why it was (not) published
 * @param wallSeconds the cycle's wall time, reading included
 * @param gflops training GFLOP/s of the cycle: every member's matrix FLOPs over the training wall
 *     time (early-stopping scores included), on all {@code threads}
 * @param read what was read from the input topics and what was kept
 * @param trainSeconds wall time from the kept readings to the scored model (featurising, training,
 *     shrinkage, calibration and scoring)
 * @param threads threads training used
 * @param stepsPerSecond sequence steps trained per second of training wall time, all threads
 */
public record CycleReport(
    int keys,
    long points,
    int epochs,
    double challengerMae,
    Double championMae,
    double persistenceMae,
    Long championVersion,
    Long publishedVersion,
    String reason,
    double wallSeconds,
    double gflops,
    ReadReport read,
    double trainSeconds,
    int threads,
    double stepsPerSecond) {

  public boolean published() {
    return publishedVersion != null;
  }

  /** Training GFLOP/s per thread: {@link #gflops()} ÷ {@link #threads()}. */
  public double gflopsPerThread() {
    return gflops / threads;
  }

  /** One line: keys, points, epochs, the three MAEs, the published version or the reason, times. */
  public String summaryLine() {
    String champion =
        championMae == null
            ? "none"
            : String.format(Locale.ROOT, "%.5f (v%d)", championMae, championVersion);
    String outcome =
        published() ? "published version " + publishedVersion : "not published: " + reason;
    return String.format(
        Locale.ROOT,
        "cycle: %d keys, %d points, %d epochs; holdout MAE challenger %.5f, champion %s,"
            + " persistence %.5f; %s (%.1f s: read %d readings of %d keys in %.1f s, train %.1f s"
            + " at %.2f GFLOP/s on %d threads)",
        keys,
        points,
        epochs,
        challengerMae,
        champion,
        persistenceMae,
        outcome,
        wallSeconds,
        read.readingsRead(),
        read.keysSeen(),
        read.seconds(),
        trainSeconds,
        gflops,
        threads);
  }
}
