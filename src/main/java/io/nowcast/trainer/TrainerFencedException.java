package io.nowcast.trainer;

/**
 * A newer trainer of the same model registered the same {@code transactional.id}: this one can
 * never publish again and should stop (a scheduled trainer does not retry, unlike after other
 * failures).
 */
public final class TrainerFencedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TrainerFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
