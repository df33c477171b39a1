package io.nowcast.train;

/**
 * The loss or the gradient became NaN or infinite: the cycle is abandoned and nothing is published.
 * Usual causes are a learning rate that is too high or unnormalised inputs of huge magnitude.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message, Throwable cause) {
    super(message, cause);
  }
}
