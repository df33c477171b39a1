package io.nowcast.eval;

/**
 * The start of the test split as the plot shows it: per row the actual value, the step-1 forecast
 * (made one row earlier) with its interval, and the step-H forecast (made H rows earlier), all in
 * the series' units. Rows are the first {@code length} scored positions.
 *
 * @param firstRow row index of the first entry
 * @param timestamps event times (epoch ms)
 * @param actual observed values
 * @param stepOneMean step-1 forecast means
 * @param stepOneLower step-1 interval lower bounds
 * @param stepOneUpper step-1 interval upper bounds
 * @param lastStepMean step-H forecast means
 */
public record ForecastTrace(
    int firstRow,
    long[] timestamps,
    double[] actual,
    double[] stepOneMean,
    double[] stepOneLower,
    double[] stepOneUpper,
    double[] lastStepMean) {

  static ForecastTrace empty(int firstRow, int length) {
    return new ForecastTrace(
        firstRow,
        new long[length],
        new double[length],
        new double[length],
        new double[length],
        new double[length],
        new double[length]);
  }

  public int length() {
    return actual.length;
  }

  /** True when {@code row} falls in the traced stretch. */
  boolean covers(int row) {
    return row >= firstRow && row < firstRow + actual.length;
  }
}
