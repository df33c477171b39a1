package io.nowcast.nn.optim;

/**
 * Huber loss of point forecasts ({@code OutputKind.POINT}): with {@code e = μ_t − y_t} the loss is
 * {@code e²/2} while {@code |e| ≤ δ} and {@code δ·(|e| − δ/2)} beyond, so the gradient is {@code e}
 * near the target and {@code ±δ} far from it. Heavy-tailed series (spikes, regime jumps) then pull
 * the parameters no harder than an error of δ would, instead of quadratically. Summed over non-NaN
 * targets like {@link MeanSquaredError}; the caller averages through {@code weight}.
 */
public final class Huber implements LossFunction {

  private final double delta;

  /**
   * @param delta where the loss turns from quadratic to linear, on the output's (normalised) scale;
   *     > 0
   */
  public Huber(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber delta: expected a finite number > 0, got " + delta);
    }
    this.delta = delta;
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
      double error = (double) output[outOffset + t] - target;
      double size = Math.abs(error);
      if (size <= delta) {
        loss += 0.5 * error * error;
        gradOut[gradOffset + t] += (float) (error * weight);
      } else {
        loss += delta * (size - 0.5 * delta);
        gradOut[gradOffset + t] += (float) (Math.signum(error) * delta * weight);
      }
    }
    return loss;
  }
}
