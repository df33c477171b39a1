package io.nowcast.train;

/**
 * No key has enough readings to train and score a model; the message names every key and its
 * counts.
 */
public final class NotEnoughDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotEnoughDataException(String message) {
    super(message);
  }
}
