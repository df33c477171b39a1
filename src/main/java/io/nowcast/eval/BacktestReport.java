package io.nowcast.eval;

import java.util.List;

/**
 * What one backtest measured. All errors are on the protocol's scale and over the same positions.
 *
 * @param protocol the borders and scale
 * @param horizon steps per forecast
 * @param rows rows in the series (after dropping duplicates)
 * @param positions scored positions
 * @param season period of the seasonal-naive baseline, in rows
 * @param model the served model's errors over all steps
 * @param persistence repeat-last-value's errors
 * @param seasonalNaive seasonal naive's errors
 * @param perStep one entry per horizon step
 * @param modelSummary the model as the validator describes it
 * @param epochs epochs trained
 * @param bestEpoch epoch whose parameters were kept
 * @param calibrationRule how the intervals were calibrated
 * @param trace the start of the test split, for the plot
 * @param seconds wall time of training and streaming
 */
public record BacktestReport(
    Protocol protocol,
    int horizon,
    int rows,
    int positions,
    int season,
    ErrorMetrics model,
    ErrorMetrics persistence,
    ErrorMetrics seasonalNaive,
    List<StepReport> perStep,
    String modelSummary,
    int epochs,
    int bestEpoch,
    String calibrationRule,
    ForecastTrace trace,
    double seconds) {

  /** MAE over repeat-last-value's MAE on the same positions, all steps. */
  public double mase() {
    return model.scaledBy(persistence);
  }

  /**
   * One horizon step's errors.
   *
   * @param step 1-based step
   * @param model the served model
   * @param persistence repeat-last-value
   * @param seasonalNaive seasonal naive
   */
  public record StepReport(int step, ErrorMetrics model, ErrorMetrics persistence, ErrorMetrics seasonalNaive) {

    public double mase() {
      return model.scaledBy(persistence);
    }
  }
}
