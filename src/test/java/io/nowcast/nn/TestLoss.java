package io.nowcast.nn;

import io.nowcast.nn.optim.LossFunction;

/**
 * A test-only loss that exercises every head output: per non-NaN target y_k, ½(mean_k − y_k)² and,
 * for probabilistic heads, ½(raw_k − y_k/2)² on the scale outputs. Not a forecasting loss; the real
 * ones live in {@code io.nowcast.nn.optim}.
 */
final class TestLoss implements LossFunction {
  private final boolean probabilistic;

  TestLoss(NetworkSpec spec) {
    this.probabilistic = spec.output() == OutputKind.PROBABILISTIC;
  }

  @Override
  public double accumulate(
      float[] output,
      int outOffset,
      float[] targets,
      int targetOffset,
      int horizon,
      float[] gradOut,
      int gradOffset,
      float weight) {
    double loss = 0;
    for (int k = 0; k < horizon; k++) {
      float target = targets[targetOffset + k];
      if (Float.isNaN(target)) {
        continue;
      }
      float meanError = output[outOffset + k] - target;
      loss += 0.5 * meanError * meanError;
      gradOut[gradOffset + k] += weight * meanError;
      if (probabilistic) {
        float scaleError = output[outOffset + horizon + k] - 0.5f * target;
        loss += 0.5 * scaleError * scaleError;
        gradOut[gradOffset + horizon + k] += weight * scaleError;
      }
    }
    return loss;
  }

  /**
   * The same loss in double for {@link ReferenceNetwork}; adds weight × gradient into {@code grad}.
   */
  static double lossAndGradient(
      double[] output,
      double[] targets,
      int horizon,
      boolean probabilistic,
      double[] grad,
      double weight) {
    double loss = 0;
    for (int k = 0; k < horizon; k++) {
      if (Double.isNaN(targets[k])) {
        continue;
      }
      double meanError = output[k] - targets[k];
      loss += 0.5 * meanError * meanError;
      grad[k] += weight * meanError;
      if (probabilistic) {
        double scaleError = output[horizon + k] - 0.5 * targets[k];
        loss += 0.5 * scaleError * scaleError;
        grad[horizon + k] += weight * scaleError;
      }
    }
    return loss;
  }
}
