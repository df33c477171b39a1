package io.nowcast.nn.optim;

import java.util.Arrays;

/**
 * Pinball (quantile) loss for quantile forecasts: the output holds one horizon block per quantile,
 * quantile-major, {@code ŷ(q, t) = output[outOffset + q·horizon + t]} for the quantiles in
 * constructor order. With {@code e = y − ŷ} the loss is {@code max(τ·e, (τ − 1)·e)}, summed over
 * quantiles and non-NaN targets; its derivative with respect to ŷ is {@code −τ} when y > ŷ, {@code
 * 1 − τ} when y < ŷ and 0 at equality (a subgradient). Gradients use the output's layout.
 */
public final class Pinball implements LossFunction {

  private final double[] quantiles;

  /**
   * @param quantiles the levels τ, each strictly between 0 and 1, in the order their blocks appear
   *     in the output (e.g. 0.1, 0.5, 0.9)
   */
  public Pinball(double... quantiles) {
    if (quantiles.length == 0) {
      throw new IllegalArgumentException("Pinball needs at least one quantile");
    }
    for (double tau : quantiles) {
      if (!(tau > 0 && tau < 1)) {
        throw new IllegalArgumentException(
            "Pinball quantiles must lie in (0, 1), got "
                + tau
                + " in "
                + Arrays.toString(quantiles));
      }
    }
    this.quantiles = quantiles.clone();
  }

  /** Number of output blocks (values per horizon step) this loss expects. */
  public int valuesPerStep() {
    return quantiles.length;
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
    for (int t = 0; t < horizon; t++) {
      float target = targets[targetOffset + t];
      if (Float.isNaN(target)) {
        continue;
      }
      for (int q = 0; q < quantiles.length; q++) {
        double tau = quantiles[q];
        double error = target - (double) output[outOffset + q * horizon + t];
        loss += Math.max(tau * error, (tau - 1) * error);
        double derivative = error > 0 ? -tau : error < 0 ? 1 - tau : 0;
        gradOut[gradOffset + q * horizon + t] += (float) (derivative * weight);
      }
    }
    return loss;
  }
}
