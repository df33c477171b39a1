package io.nowcast.nn.optim;

/**
 * Negative log-likelihood of a Gaussian per horizon step, for probabilistic forecasts ({@code
 * OutputKind.PROBABILISTIC}).
 *
 * <p>Output layout: means first, {@code μ_t = output[outOffset + t]}, then raw scales {@code r_t =
 * output[outOffset + horizon + t]}; {@code σ_t = softplus(r_t) + 1e-4} ({@link #scale}). The loss
 * at step t is {@code log σ + (y − μ)² / (2σ²) + ½·log 2π}: the full NLL in nats, equal to
 * PyTorch's {@code GaussianNLLLoss(full=True)} with {@code var = σ²}. The constant does not change
 * gradients; it is included so reported losses are true log-likelihoods. Gradients go to the same
 * layout at {@code gradOffset}: {@code ∂/∂μ = (μ − y)/σ²} and {@code ∂/∂r = (1/σ − (y −
 * μ)²/σ³)·sigmoid(r)}. Arithmetic is in double; softplus and sigmoid are computed in forms that
 * neither overflow nor lose precision for large |r|.
 */
public final class GaussianNll implements LossFunction {

  /** Added to softplus so that σ never reaches zero (the loss would diverge). */
  public static final double MIN_SCALE = 1e-4;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

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
      double mean = output[outOffset + t];
      double raw = output[outOffset + horizon + t];
      double sigma = scale(raw);
      double error = target - mean;
      double variance = sigma * sigma;
      loss += Math.log(sigma) + error * error / (2 * variance) + HALF_LOG_TWO_PI;
      double dMean = -error / variance;
      double dSigma = 1 / sigma - error * error / (variance * sigma);
      gradOut[gradOffset + t] += (float) (dMean * weight);
      gradOut[gradOffset + horizon + t] += (float) (dSigma * sigmoid(raw) * weight);
    }
    return loss;
  }

  /** σ = softplus(raw) + {@value #MIN_SCALE}: the standard deviation a raw scale output means. */
  public static double scale(double raw) {
    return softplus(raw) + MIN_SCALE;
  }

  /**
   * log(1 + eˣ) as max(x, 0) + log1p(e^−|x|): no overflow for large x, no 0 for very negative x.
   */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** 1 / (1 + e^−x), evaluated so that the exponential's argument is never positive. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
