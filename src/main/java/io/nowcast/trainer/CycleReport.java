package io.nowcast.trainer;

import java.util.Locale;

/**
 * What one training cycle did, for the one-line summary and for tests.
 *
 * @param keys keys trained on
 * @param points readings read from the history window (after the per-key cap and duplicate removal)
 * @param epochs epochs run (summed over the members of a seed ensemble)
 * @param challengerMae the new model's holdout MAE (normalised units, all steps)
 * @param championMae the champion's MAE on the same holdout, or null without a champion
 * @param persistenceMae repeat-last-value's MAE on the same holdout
 * @param championVersion the champion's version, or null
 * @param publishedVersion the version published, or null when the challenger lost
 * @param reason why it was (not) published
 * @param wallSeconds the cycle's wall time, reading included
 * @param gflops effective training GFLOP/s (forward/backward and optimiser time only)
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
    double gflops) {

  public boolean published() {
    return publishedVersion != null;
  }

  /** One line: keys, points, epochs, the three MAEs, and the published version or the reason. */
  public String summaryLine() {
    String champion =
        championMae == null
            ? "none"
            : String.format(Locale.ROOT, "%.5f (v%d)", championMae, championVersion);
    String outcome =
        published() ? "published version " + publishedVersion : "not published: " + reason;
    return String.format(
        Locale.ROOT,
        "cycle: %d keys, %d points, %d epochs; holdout MAE challenger %.5f, champion %s, persistence %.5f; %s "
            + "(%.1f s, %.2f GFLOP/s)",
        keys,
        points,
        epochs,
        challengerMae,
        champion,
        persistenceMae,
        outcome,
        wallSeconds,
        gflops);
  }
}
