package io.nowcast.nn.optim;

/**
 * Loss over one output vector (horizon × valuesPerStep) against horizon targets; NaN target = no
 * loss there.
 */
public interface LossFunction {
  /**
   * Adds d(loss)/d(output) × weight into gradOut[gradOffset..]; returns the loss summed over
   * non-NaN targets.
   */
  double accumulate(
      float[] output,
      int outOffset,
      float[] targets,
      int targetOffset,
      int horizon,
      float[] gradOut,
      int gradOffset,
      float weight);
}
