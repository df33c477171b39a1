package io.nowcast.nn.optim;

/**
 * Thrown when the gradient's global norm is NaN or infinite: a step would destroy the parameters,
 * so the trainer abandons the cycle instead.
 */
public final class NonFiniteGradientException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** The offending norm (NaN or ±∞). */
  private final double norm;

  public NonFiniteGradientException(double norm, int length) {
    super(
        "gradient global norm is "
            + norm
            + " over "
            + length
            + " values; expected a finite number (a NaN/Inf reached the gradients)");
    this.norm = norm;
  }

  /** The non-finite norm that was computed. */
  public double norm() {
    return norm;
  }
}
