package io.nowcast.nn.optim;

/**
 * Squared error of point forecasts ({@code OutputKind.POINT}): the output holds the horizon means
 * {@code μ_t} and the loss at step t is {@code (μ_t − y_t)²}, with gradient {@code 2(μ_t − y_t)}.
 * Summed, not averaged: the caller divides by the number of non-NaN targets (typically through
 * {@code weight}) so that a batch's mean matches Keras' and PyTorch's {@code MSE}.
 */
public final class MeanSquaredError implements LossFunction {

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
    for (int t = 0; t < horizon; t++) {
      float target = targets[targetOffset + t];
      if (Float.isNaN(target)) {
        continue;
      }
      double error = (double) output[outOffset + t] - target;
      loss += error * error;
      gradOut[gradOffset + t] += (float) (2 * error * weight);
    }
    return loss;
  }
}
