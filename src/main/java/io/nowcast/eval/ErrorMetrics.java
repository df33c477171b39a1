package io.nowcast.eval;

/**
 * Error metrics of one forecaster on the scored positions, on the protocol's scale.
 *
 * @param mse mean squared error
 * @param mae mean absolute error
 * @param rmse root of the MSE
 * @param coverage fraction of actual values inside the interval (0 for forecasters without
 *     intervals)
 * @param intervalWidth mean interval width on the protocol's scale (0 without intervals)
 */
public record ErrorMetrics(
    double mse, double mae, double rmse, double coverage, double intervalWidth) {

  /**
   * MAE relative to a baseline's MAE on the same positions (MASE when the baseline is
   * repeat-last-value).
   */
  public double scaledBy(ErrorMetrics baseline) {
    return mae / baseline.mae;
  }
}
