package io.nowcast.engine;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;

/**
 * What one event did to its key.
 *
 * @param state the key's new state, to be stored; null when the event was skipped and the stored
 *     state stays as it was
 * @param forecast the forecast to emit, or null (skipped, or no model and no persistence fallback)
 * @param report the accuracy report to emit, or null when this event did not complete a window
 * @param skipped why the event was skipped, or null when it was processed
 * @param rewarmed true when the key had history and its state was rebuilt for a new model version
 *     from its ring buffer (a new key is not re-warmed)
 * @param noModel true when no model was installed while this event was processed
 */
public record Outcome(
    KeyState state,
    Forecast forecast,
    AccuracyReport report,
    SkipReason skipped,
    boolean rewarmed,
    boolean noModel) {

  static Outcome skippedBecause(SkipReason reason, boolean noModel) {
    return new Outcome(null, null, null, reason, false, noModel);
  }

  /** True when the event was not processed and the stored state must be left as it is. */
  public boolean wasSkipped() {
    return skipped != null;
  }
}
