package io.nowcast.nn.optim;

/**
 * Clipping by global norm (Keras {@code clipnorm} over all parameters = {@code
 * tf.clip_by_global_norm} = PyTorch {@code clip_grad_norm_}): when the Euclidean norm of the whole
 * gradient exceeds the limit, every component is scaled by {@code maxNorm / norm}.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Scales {@code grads} in place so its global L2 norm is at most {@code maxNorm}.
   *
   * @param grads the whole flat gradient
   * @param maxNorm the largest allowed norm, > 0
   * @return the norm before clipping, accumulated in double in index order (deterministic)
   * @throws NonFiniteGradientException when the norm is NaN or infinite (grads are left as they
   *     are)
   * @throws IllegalArgumentException when maxNorm is not a positive finite number
   */
  public static double clipByGlobalNorm(float[] grads, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(
          "maxNorm must be a positive finite number, got " + maxNorm);
    }
    double sumOfSquares = 0;
    for (float g : grads) {
      sumOfSquares += (double) g * g;
    }
    double norm = Math.sqrt(sumOfSquares);
    if (!Double.isFinite(norm)) {
      throw new NonFiniteGradientException(norm, grads.length);
    }
    if (norm > maxNorm) {
      float factor = (float) (maxNorm / norm);
      for (int i = 0; i < grads.length; i++) {
        grads[i] *= factor;
      }
    }
    return norm;
  }
}
