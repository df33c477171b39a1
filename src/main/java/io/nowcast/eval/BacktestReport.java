package io.nowcast.eval;

import io.nowcast.train.HoldoutScore;
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
 * @param epochs epochs trained (summed over the members of a seed ensemble)
 * @param bestEpoch epoch whose parameters were kept (the last member's)
 * @param ensemble members of the seed ensemble merged into the served network (1 = a single
 *     network)
 * @param calibrationRule how the intervals were calibrated
 * @param shrinkage per step, the served model's factor toward repeat-last-value (empty: none)
 * @param validation the kept network and repeat-last-value on the validation split (what chose the
 *     epoch)
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
    int ensemble,
    String calibrationRule,
    List<Double> shrinkage,
    ValidationScore validation,
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
  public record StepReport(
      int step, ErrorMetrics model, ErrorMetrics persistence, ErrorMetrics seasonalNaive) {

    public double mase() {
      return model.scaledBy(persistence);
    }
  }

  /**
   * Validation-split figures on the protocol's scale, the only ones used to choose defaults.
   *
   * @param mse the model's MSE over all steps
   * @param persistenceMse repeat-last-value's MSE on the same positions
   * @param maseByStep per step (index 0 = step 1), the model's MAE over repeat-last-value's
   * @param coverage share of the engine's intervals that covered the actual on the validation
   *     positions (streamed like the test split, with the online interval adaptation)
   * @param coverageByStep the same per step (index 0 = step 1)
   */
  public record ValidationScore(
      double mse,
      double persistenceMse,
      double[] maseByStep,
      double coverage,
      double[] coverageByStep) {

    static ValidationScore of(
        HoldoutScore model, HoldoutScore persistence, double scale, ErrorTally streamed) {
      double[] mase = new double[model.horizon()];
      double[] coverage = new double[model.horizon()];
      for (int step = 1; step <= mase.length; step++) {
        mase[step - 1] = model.maeOriginal(step) / persistence.maeOriginal(step);
        coverage[step - 1] = streamed.metrics(step - 1).coverage();
      }
      return new ValidationScore(
          square(model.rmseOriginal() / scale),
          square(persistence.rmseOriginal() / scale),
          mase,
          streamed.metrics(-1).coverage(),
          coverage);
    }

    private static double square(double x) {
      return x * x;
    }
  }
}
